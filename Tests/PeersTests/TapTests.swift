import Dispatch
import FrameCore
import Foundation
import Glibc
import LoopbackTestSupport
import Peers
import Reactor
import Testing

/// The tap between in-process servers and raw clients: bytes unchanged both ways (compared with a
/// direct connection), many clients at once, 16 MiB, half-close in both directions, back-pressure
/// with bounded queues, and a refused target.
@Suite("tap", .timeLimit(.minutes(2)))
struct TapTests {
    /// Sends `request` on a fresh connection to `port`, reads to the end.
    static func exchange(port: Int, _ request: [UInt8]) throws -> ([UInt8], ReadEnd) {
        let client = try RawClient(port: port)
        #expect(client.send(request))
        let (bytes, end) = client.readToEnd(timeout: 10)
        return (bytes, end)
    }

    @Test("each app request gets the same reply bytes through the tap as directly", arguments: AppCase.all)
    func appCase(_ c: AppCase) throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let tap = try TapHarness(targetPort: server.port)
        let direct = try Self.exchange(port: server.port, c.request)
        let tapped = try Self.exchange(port: tap.port, c.request)
        #expect(direct.0 == c.reply)
        #expect(tapped.0 == direct.0)
        #expect(tapped.1 == direct.1)
        #expect(tap.errorEvents.isEmpty, "\(tap.errorEvents)")
    }

    @Test("50 clients connected through the tap at once each get their own reply")
    func fiftyConcurrentClients() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let tap = try TapHarness(targetPort: server.port)
        // All 50 are open (and relayed) before any reads its reply.
        let clients = try (0..<50).map { _ in try RawClient(port: tap.port, timeout: 10) }
        for (i, client) in clients.enumerated() {
            #expect(client.send(Wire.search("value \(i)")))
        }
        for (i, client) in clients.enumerated() {
            let (bytes, end) = client.readToEnd(timeout: 10)
            #expect(bytes == Wire.jsonReply("No match for 'value \(i)'."), "client \(i)")
            #expect(end == .eof)
        }
        let pairs = tap.allEvents.filter { if case let .opened(side, _, _) = $0.kind { return side != .listener } else { return false } }.count
        #expect(pairs == 100, "each client is one accepted hop and one outgoing hop")
    }

    /// `count` bytes of a pattern that repeats only every 251 bytes, so a lost or reordered chunk shows.
    static func pattern(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = UInt8(truncatingIfNeeded: i % 251) }
            initialized = count
        }
    }

    @Test("16 MiB echoed through the tap arrive unchanged and in order")
    func sixteenMiBEcho() throws {
        // A plain echo target on a raw socket: what it reads, it writes back, until end-of-stream.
        let target = try Self.rawTarget { fd in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { return [] }
                Self.sendAll(fd, Array(buffer[..<n]))
            }
        }
        let tap = try TapHarness(targetPort: target.port)
        let size = 16 << 20
        let payload = Self.pattern(size)
        let client = try RawClient(port: tap.port, timeout: 20)
        let box = UncheckedBox(client)
        let writer = BackgroundRun { box.value.send(payload) }
        var received: [UInt8] = []
        received.reserveCapacity(size)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = ContinuousClock.now + .seconds(60)
        while received.count < size, ContinuousClock.now < deadline {
            let n = buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            received += buffer[..<n]
        }
        #expect(try writer.wait(timeout: 60))
        #expect(received.count == size)
        #expect(received == payload)
        client.close()
        _ = try target.result.wait(timeout: 10)
    }

    @Test("a 16 MiB binary request gets the same reply through the tap as directly")
    func sixteenMiBApp() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let tap = try TapHarness(targetPort: server.port)
        let request = Wire.binary(Self.pattern((16 << 20) - 64))
        let direct = try Self.exchange(port: server.port, request)
        let tapped = try Self.exchange(port: tap.port, request)
        #expect(direct.0.count > 0)
        #expect(tapped.0 == direct.0)
        #expect(tapped.1 == direct.1)
    }

    /// A target on a raw socket running `body` with the accepted descriptor on its own thread.
    static func rawTarget(_ body: @escaping @Sendable (Int32) -> [UInt8]) throws -> (port: Int, result: BackgroundRun<[UInt8]>) {
        let listener = try RawListener()
        let box = UncheckedBox(listener)
        let run = BackgroundRun { () throws -> [UInt8] in
            guard let fd = box.value.accept(timeout: 10) else { throw HarnessError("no connection") }
            defer { Glibc.close(fd) }
            RawClient.setTimeouts(fd, 10)
            return body(fd)
        }
        return (listener.port, run)
    }

    static func readUntilEOF(_ fd: Int32) -> [UInt8] {
        var got: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return got }
            got += buffer[..<n]
        }
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            offset += n
        }
    }

    @Test("a client's shutdown of writing reaches the server, which still answers")
    func halfCloseFromClient() throws {
        let target = try Self.rawTarget { fd in
            let got = Self.readUntilEOF(fd)  // only ends if the half-close came through
            Self.sendAll(fd, Array("got \(got.count) bytes".utf8))
            return got
        }
        let tap = try TapHarness(targetPort: target.port)
        let client = try RawClient(port: tap.port)
        let request = [UInt8](repeating: 0x61, count: 100_000)
        #expect(client.send(request))
        client.shutdownWrite()
        let (reply, end) = client.readToEnd(timeout: 10)
        #expect(String(decoding: reply, as: UTF8.self) == "got 100000 bytes")
        #expect(end == .eof)
        #expect(try target.result.wait(timeout: 10) == request)
    }

    @Test("a server's shutdown of writing reaches the client, which can still send")
    func halfCloseFromServer() throws {
        let target = try Self.rawTarget { fd in
            Self.sendAll(fd, Array("hello".utf8))
            shutdown(fd, Int32(SHUT_WR))
            return Self.readUntilEOF(fd)
        }
        let tap = try TapHarness(targetPort: target.port)
        let client = try RawClient(port: tap.port)
        let (greeting, end) = client.readToEnd(timeout: 10)
        #expect(greeting == Array("hello".utf8))
        #expect(end == .eof, "the server's FIN is passed on while the client's side stays open")
        #expect(client.send(Array("bye".utf8)))
        client.close()
        #expect(try target.result.wait(timeout: 10) == Array("bye".utf8))
    }

    @Test("a flooding client is not read while the target is slow: the tap's queues stay bounded, nothing is lost")
    func backPressure() throws {
        let size = 8 << 20
        let payload = Self.pattern(size)
        let release = DispatchSemaphore(value: 0)
        let target = try Self.rawTarget { fd in
            _ = release.wait(timeout: .now() + 20)  // a target that does not read for a while
            return Self.readUntilEOF(fd)
        }
        let tap = try TapHarness(targetPort: target.port)
        let client = try RawClient(port: tap.port, timeout: 30)
        let box = UncheckedBox(client)
        let writer = BackgroundRun { () -> Bool in
            let ok = box.value.send(payload)
            box.value.shutdownWrite()
            return ok
        }
        // While the target does not read, the tap's send queues never exceed the limit plus one read.
        var largest = 0
        let until = ContinuousClock.now + .milliseconds(1500)
        while ContinuousClock.now < until {
            largest = max(largest, tap.onLoop { loop in loop.connections.map(\.sendQueueBytes).max() ?? 0 } ?? 0)
            usleep(20_000)
        }
        #expect(largest > 0, "the tap queued bytes for the slow target")
        #expect(largest <= TapConfiguration.defaultMaxQueuedBytes + 256 * 1024, "queued \(largest) bytes")
        let paused = tap.allEvents.contains { if case let .state(text) = $0.kind { return text.hasPrefix("paused") } else { return false } }
        #expect(paused)
        release.signal()
        #expect(try writer.wait(timeout: 60))
        let got = try target.result.wait(timeout: 60)
        #expect(got.count == size)
        #expect(got == payload)
    }

    @Test("a refused target closes the client, with the reason as the client's error")
    func refusedTarget() throws {
        let closedPort = try RawListener.closedPort()
        let tap = try TapHarness(targetPort: closedPort)
        let client = try RawClient(port: tap.port)
        let (bytes, end) = client.readToEnd(timeout: 10)
        #expect(bytes.isEmpty)
        #expect(end == .eof)
        let reason = tap.errorEvents.first ?? ""
        #expect(reason.contains("unreachable") && reason.contains("refused"), "\(tap.errorEvents)")
    }

    @Test("a target that does not answer the connect in time closes the client, with the reason")
    func targetTimesOut() throws {
        // A listener that never accepts, its queue filled: further SYNs go unanswered, so a connect hangs.
        let target = try RawListener(backlog: 1)
        var fillers: [RawClient] = []
        for _ in 0..<4 { if let filler = try? RawClient(port: target.port, timeout: 0.3) { fillers.append(filler) } }
        let tap = try TapHarness(targetPort: target.port) { $0.connectTimeout = .milliseconds(300) }
        let client = try RawClient(port: tap.port)
        let started = ContinuousClock.now
        let (bytes, end) = client.readToEnd(timeout: 10)
        #expect(bytes.isEmpty)
        #expect(end == .eof)
        #expect(ContinuousClock.now - started < .seconds(5), "closed at the connect timeout, not the kernel's")
        let reason = tap.errorEvents.first ?? ""
        #expect(reason.contains("unreachable") && reason.contains("timed out"), "\(tap.errorEvents)")
        _ = fillers
    }
}
