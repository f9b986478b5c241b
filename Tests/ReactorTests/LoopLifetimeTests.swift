import Glibc
import Testing
@testable import Reactor

/// The two things the server's fast path relies on: an idle timer is armed only for a connection
/// that waits on the selector, and a connection or listener never reaches back into a loop that
/// is gone (`Connection.loop` and `Listener.loop` are unowned and unchecked).
@Suite struct LoopLifetimeTests {
    /// A blocking client socket connected to `address`, with `bytes` already sent: the request is
    /// in the server's receive queue before the loop accepts, as it is for most real clients.
    private func clientSending(_ bytes: [UInt8], to address: SocketAddress) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(address.port).bigEndian)
        target.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &target) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        if !bytes.isEmpty {
            try #require(send(fd, bytes, bytes.count, 0) == bytes.count)
        }
        return fd
    }

    @Test func aRequestAnsweredWithinItsAcceptNeverArmsAnIdleTimer() throws {
        let loop = try EventLoop()
        var options = ListenerOptions()
        options.idleTimeout = .seconds(30)
        var timersSeen: [Int] = []
        let server = Recorder()
        server.onRead = { [unowned loop] c, _ in
            timersSeen.append(loop.timers.count)
            c.enqueue(Array("reply".utf8))
            c.closeWhenDrained(.local("replied"))
        }
        server.onClose = { [unowned loop] _, _ in
            timersSeen.append(loop.timers.count)
            loop.stop()
        }
        let listener = try loop.listen(on: loopback, options: options) { _ in server }
        let client = try clientSending(Array("request".utf8), to: listener.address)
        defer { Glibc.close(client) }
        #expect(run(loop))
        // The one timer is `run`'s own watchdog: the connection put none in the heap.
        #expect(timersSeen == [1, 1])
        #expect(server.closeReason == .local("replied"))
        var reply = [UInt8](repeating: 0, count: 16)
        #expect(recv(client, &reply, reply.count, 0) == 5)
    }

    @Test func aConnectionThatWaitsGetsItsIdleTimerAndIsCut() throws {
        let loop = try EventLoop()
        var options = ListenerOptions()
        options.idleTimeout = .milliseconds(100)
        var timersWhileWaiting: Int?
        let server = Recorder()
        server.onOpen = { [unowned loop] _ in
            // Checked once the accept's callbacks are over and the connection waits.
            loop.schedule(after: .milliseconds(20)) { timersWhileWaiting = loop.timers.count }
        }
        server.onClose = { [unowned loop] _, _ in loop.stop() }
        let listener = try loop.listen(on: loopback, options: options) { _ in server }
        let client = try clientSending([], to: listener.address)
        defer { Glibc.close(client) }
        #expect(run(loop))
        // The watchdog and the idle timer.
        #expect(timersWhileWaiting == 2)
        #expect(server.closeReason == .idleTimeout(.milliseconds(100)))
    }

    @Test func anIdleTimeoutSetWhileWaitingIsArmedAtOnce() throws {
        let loop = try EventLoop()
        let server = Recorder()
        server.onOpen = { [unowned loop] c in
            loop.schedule(after: .milliseconds(20)) { c.idleTimeout = .milliseconds(50) }
        }
        server.onClose = { [unowned loop] _, _ in loop.stop() }
        let listener = try loop.listen(on: loopback) { _ in server }
        let client = try clientSending([], to: listener.address)
        defer { Glibc.close(client) }
        #expect(run(loop, limit: .seconds(5)))
        #expect(server.closeReason == .idleTimeout(.milliseconds(50)))
    }

    @Test func connectionsAndListenersOutlivingTheirLoopAreClosedAndInert() throws {
        weak var gone: EventLoop?
        var connection: Connection?
        var listener: Listener?
        var server = Recorder()
        do {
            let loop = try EventLoop()
            gone = loop
            let accepted = Recorder()
            server = accepted
            listener = try loop.listen(on: loopback) { _ in accepted }
            connection = try loop.connect(to: listener!.address, handler: Recorder())
            accepted.onOpen = { [unowned loop] _ in loop.stop() }
            #expect(run(loop))
        }
        #expect(gone == nil)
        let c = try #require(connection)
        #expect(c.state == .closed(.local("event loop closed")))
        // None of these may reach the loop's freed memory; each is a no-op on a closed connection.
        c.enqueue(Array("late".utf8))
        c.interest = [.read, .write]
        c.idleTimeout = .seconds(1)
        c.markProgress()
        c.closeWhenDrained(.local("late"))
        c.shutdownWrite()
        c.close(.local("late"))
        #expect(c.state == .closed(.local("event loop closed")))
        #expect(c.sendQueueBytes == 0)
        listener?.close()
        // The loop went away without calling the handlers (it abandons, it does not close).
        #expect(server.closeReason == nil)
    }
}
