import Glibc
import Testing
@testable import Reactor

@Suite struct SocketTests {
    @Test func listeningTwiceOnOnePortIsAddressInUse() throws {
        let first = try Socket.listen(on: loopback)
        let address = try #require(first.localAddress)
        #expect(address.port != 0)
        #expect(throws: SocketError.addressInUse(address.description)) {
            _ = try Socket.listen(on: address)
        }
        #expect(SocketError.addressInUse(address.description).description == "address \(address) is already in use")
    }

    @Test func acceptWithNothingPendingIsNil() throws {
        let listener = try Socket.listen(on: loopback)
        #expect(try listener.accept() == nil)
    }

    /// The listening socket reuses the last IPv4 peer's host text: every accepted peer is still
    /// exactly the client's address (its own port; its own host after another host connected).
    @Test func acceptedPeersFromOneHostKeepTheirOwnPorts() throws {
        let listener = try Socket.listen(on: SocketAddress(family: .ipv4, host: "0.0.0.0", port: 0))
        let port = try #require(listener.localAddress).port
        var clients: [Socket] = []
        var peers: [SocketAddress] = []
        for host in ["127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.1"] {
            let (client, _) = try Socket.connect(to: SocketAddress(family: .ipv4, host: host, port: port))
            clients.append(client)
            var accepted: (Socket, SocketAddress)?
            for _ in 0..<1000 where accepted == nil {
                accepted = try listener.accept()
                if accepted == nil { usleep(1000) }
            }
            peers.append(try #require(accepted).1)
            try client.finishConnect()
        }
        #expect(peers == clients.map(\.localAddress))
        #expect(Set(peers.map(\.port)).count == 4)
    }

    @Test func connectReadWriteAndEndOfStream() throws {
        let listener = try Socket.listen(on: loopback)
        let (client, _) = try Socket.connect(to: listener.localAddress!)
        var accepted: (Socket, SocketAddress)?
        for _ in 0..<1000 where accepted == nil {
            accepted = try listener.accept()
            if accepted == nil { usleep(1000) }
        }
        let (server, peer) = try #require(accepted)
        try client.finishConnect()
        #expect(peer == client.localAddress)
        #expect(server.peerAddress == client.localAddress)

        let parts: [[UInt8]] = [Array("Hello, ".utf8), Array("world".utf8)]
        let written = try parts[0].withUnsafeBytes { a in
            try parts[1].withUnsafeBytes { b in try client.writev([a, b]) }
        }
        #expect(written == .processed(12))
        var buffer = [UInt8](repeating: 0, count: 64)
        var result = IOResult.wouldBlock
        for _ in 0..<1000 where result == .wouldBlock {
            result = try buffer.withUnsafeMutableBytes { try server.read(into: $0) }
            if result == .wouldBlock { usleep(1000) }
        }
        #expect(result == .processed(12))
        #expect(String(decoding: buffer.prefix(12), as: UTF8.self) == "Hello, world")

        try client.shutdownWrite()
        result = .wouldBlock
        for _ in 0..<1000 where result == .wouldBlock {
            result = try buffer.withUnsafeMutableBytes { try server.read(into: $0) }
            if result == .wouldBlock { usleep(1000) }
        }
        #expect(result == .eof)
    }

    @Test func aClosedSocketNeverTouchesItsOldDescriptor() throws {
        let socket = try Socket.listen(on: loopback)
        socket.close()
        socket.close()
        #expect(throws: SocketError.system(call: "accept4", errno: EBADF)) { _ = try socket.accept() }
        #expect(socket.localAddress == nil)
        #expect(socket.kernelQueueDepths() == (0, 0))
    }

    @Test func errorsReadAsSentences() {
        #expect(SocketError.connectionRefused("127.0.0.1:65432").description == "connection refused by 127.0.0.1:65432")
        #expect(SocketError.timedOut("127.0.0.1:1").description == "connection to 127.0.0.1:1 timed out")
        #expect(SocketError.system(call: "epoll_wait", errno: EBADF).description == "epoll_wait failed: Bad file descriptor (errno 9)")
        #expect(SocketError(errno: ECONNREFUSED, call: "connect", address: nil) == .connectionRefused("the peer"))
        #expect(SocketError(errno: EMFILE, call: "accept4", address: nil) == .tooManyOpenFiles)
        #expect(SocketError(errno: EPIPE, call: "send", address: nil) == .brokenPipe)
    }

    @Test func processSetupRaisesTheDescriptorLimitToTheHardLimit() {
        ProcessSetup.ignoreSIGPIPE()
        let limits = ProcessSetup.raiseOpenFileLimit()
        #expect(limits.soft == limits.hard)
        #expect(limits.soft >= 1024)
    }
}
