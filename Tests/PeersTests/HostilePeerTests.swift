import Dispatch
import FrameCore
import Glibc
import Peers
import LoopbackTestSupport
import Testing

/// Peers that attack the servers' memory rather than their parsers: what they make us hold must
/// be bounded by our limits, never by how much they send.
@Suite("hostile peers against our memory: servers, bench, replay", .timeLimit(.minutes(1)))
struct HostilePeerTests {
    static func pattern(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = UInt8(truncatingIfNeeded: i % 251) }
            initialized = count
        }
    }

    /// Reads from `fd` until `count` bytes came or `seconds` passed.
    static func read(_ fd: Int32, count: Int, seconds: Double) -> [UInt8] {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        var received: [UInt8] = []
        received.reserveCapacity(count)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.count < count, ContinuousClock.now < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) == 1 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 { received += buffer[..<n] } else if n == 0 || (errno != EAGAIN && errno != EINTR) { break }
        }
        return received
    }

    /// Before: the echo handler queued whatever arrived, so a client that sent 16 MiB and read
    /// nothing made the server hold all of it (300 MB RSS after 15 s of such a client).
    @Test("echo/multiconn: a client that sends without reading is not read until its echo drains; the queue stays bounded, nothing is lost",
          arguments: [ServerMode.multiconn, .echo])
    func echoBackPressure(mode: ServerMode) throws {
        let size = 16 << 20
        let payload = Self.pattern(size)
        let server = try ServerHarness { $0.mode = mode }
        defer { server.stop() }
        let client = try RawClient(port: server.port, timeout: 30)
        let fd = client.fd
        let box = UncheckedBox(client)
        let writer = BackgroundRun { box.value.send(payload) }
        var largest = 0
        let until = ContinuousClock.now + .milliseconds(1500)
        while ContinuousClock.now < until {
            largest = max(largest, server.onLoop { loop, _ in loop.connections.map(\.sendQueueBytes).max() ?? 0 } ?? 0)
            usleep(20_000)
        }
        #expect(largest > 0, "the server queued an echo the client does not read")
        #expect(largest <= 1 << 20, "queued \(largest) bytes for a client that does not read")
        let got = Self.read(fd, count: size, seconds: 30)
        #expect(try writer.wait(timeout: 30))
        #expect(got.count == size)
        #expect(got == payload, "every byte echoed, in order")
        client.close()
    }

    /// Before: `replay --against` kept every byte a server sent until the timeout (1.48 GB RSS
    /// after 3 s of an endless reply). A reply longer than the recorded one already differs.
    @Test("replay --against: an endless reply is read only up to the recorded length plus one byte")
    func replayAgainstAnEndlessServerIsBounded() throws {
        let listener = try RawListener()
        let box = UncheckedBox(listener)
        let server = BackgroundRun { () throws -> Int in
            guard let fd = box.value.accept(timeout: 10) else { throw HarnessError("no connection") }
            defer { Glibc.close(fd) }
            let blob = [UInt8](repeating: 0x41, count: 65536)
            var sent = 0
            let until = ContinuousClock.now + .seconds(10)
            while sent < 1 << 30, ContinuousClock.now < until {
                let n = blob.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { break }
                sent += n
            }
            return sent
        }
        let result = ReplayClient.run(host: "127.0.0.1", port: listener.port, request: Array("hi".utf8),
                                      timeout: .seconds(5), maxReplyBytes: 148)
        let outcome = try result.get()
        #expect(outcome.reply.count <= 149, "kept \(outcome.reply.count) bytes")
        #expect(outcome.cut, "the reply is marked as longer than what was kept")
        #expect(try server.wait(timeout: 15) < 1 << 30, "the client stopped reading instead of taking a gigabyte")
    }

    /// Before: each connection was bounded by --max-content-length, their sum by nothing: 30
    /// connections each holding all but the last byte of a 16 MiB request made the server hold
    /// 528 MB (64 GiB at the default 4,096 connections). Now the server's receive buffers for
    /// unfinished requests stay within `maxBufferedBytes`; over it, the connection holding the
    /// most is closed with the reason, and a smaller request arriving meanwhile is still served.
    @Test("app: unfinished requests across connections stay within maxBufferedBytes; the largest holder is closed, a smaller request still served")
    func unfinishedRequestsShareOneBudget() throws {
        let content = 1 << 20
        // Room for two hogs' buffers (1 MiB each, plus what malloc rounds up), not three.
        let limit = (2 << 20) + (256 << 10)
        let server = try ServerHarness {
            $0.limits = FrameLimits(maxContentLength: content)
            $0.maxBufferedBytes = limit
        }
        defer { server.stop() }
        let hog = Wire.binary(Self.pattern(content))
        var hogs: [RawClient] = []
        defer { hogs.forEach { $0.close() } }
        for _ in 0..<3 {
            let client = try RawClient(port: server.port, timeout: 10)
            #expect(client.send(Array(hog.dropLast())), "a hog sends all but the last byte")
            let port = client.localPort
            #expect(eventually(timeout: 10) { server.hasConnection(fromPort: port, bytesIn: hog.count - 1) || !server.errorLogLines(peerPort: port).isEmpty })
            hogs.append(client)
        }
        let held = { server.onLoop { loop, _ in loop.connections.reduce(0) { $0 + $1.receiveBufferBytes } } ?? 0 }
        #expect(held() <= limit, "the server holds \(held()) bytes of unfinished requests, over the \(limit) budget")
        // A hog the server closed reads end-of-stream; the others stay open, unread.
        let closed = { hogs.filter { $0.readable(withinMilliseconds: 0) } }
        #expect(eventually(timeout: 5) { !closed().isEmpty })
        #expect(closed().count == 1, "exactly one hog is closed to make room for the third (\(closed().count))")
        for hog in closed() {
            #expect(server.errorLogLines(peerPort: hog.localPort).contains { $0.contains("unfinished requests") && $0.contains("held the most") })
        }
        // Two hogs hold the budget; a 512 KiB request whose first 300 KiB take it over: a hog
        // goes, not the newcomer, which is served once its last bytes come.
        let request = Wire.binary(Self.pattern(content / 2))
        let newcomer = try RawClient(port: server.port, timeout: 10)
        #expect(newcomer.send(Array(request.prefix(300 << 10))))
        #expect(eventually(timeout: 5) { server.hasConnection(fromPort: newcomer.localPort, bytesIn: 300 << 10) })
        #expect(eventually(timeout: 5) { closed().count == 2 }, "a second hog is closed for the newcomer")
        #expect(newcomer.send(Array(request.dropFirst(300 << 10))))
        let reply = newcomer.readToEnd(timeout: 5)
        #expect(reply.bytes == Wire.binaryReply(Array(Self.pattern(10))))
        #expect(held() <= limit)
        newcomer.close()
    }

    /// Serves `requests` connections one after another from a background thread: reads the
    /// request, writes `reply` in `piece`-byte writes, then closes, or with `hold` keeps the
    /// connection open until the client closes it (or 10 s pass).
    static func replyingServer(_ reply: [UInt8], piece: Int, hold: Bool, requests: Int, requestSize: Int)
        throws -> (port: Int, served: BackgroundRun<Int>) {
        let listener = try RawListener()
        let box = UncheckedBox(listener)
        let served = BackgroundRun { () -> Int in
            var count = 0
            while count < requests, let fd = box.value.accept(timeout: 10) {
                defer { Glibc.close(fd) }
                count += 1
                _ = Self.read(fd, count: requestSize, seconds: 5)
                var offset = 0
                while offset < reply.count {
                    let end = min(reply.count, offset + piece)
                    let n = reply[offset..<end].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    guard n > 0 else { break }
                    offset += n
                }
                if hold { _ = Self.read(fd, count: 1, seconds: 10) }
            }
            return count
        }
        return (listener.port, served)
    }

    static func bench(port: Int, requests: Int) throws -> LoadReport {
        try LoadGenerator.run(LoadConfiguration(port: port, connections: 1, threads: 1, warmup: .zero, duration: .seconds(20),
                                                maxRequests: requests, timeout: .seconds(3)))
    }

    /// Before: the load generator kept up to 1 MiB of each slot's reply and decoded it all again
    /// on every read, so a server declaring a long reply (a ~100-byte one is expected) made each
    /// slot wait for it until the timeout (300 slots: 347 MB RSS). A content longer than the
    /// correct reply's cannot be correct: it is a bad reply as soon as its header says so.
    @Test("bench: a reply declaring more content than the correct one is a bad reply at once, not a wait for it")
    func benchRefusesALongerReplyAtItsHeader() throws {
        let request = LoadRequest(.search("morpheus"))
        let header = "{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 1048576}"
        let reply = Wire.raw(header: header, content: Self.pattern(100_000))
        let (port, served) = try Self.replyingServer(reply, piece: 65536, hold: true, requests: 3, requestSize: request.bytes.count)
        let start = ContinuousClock.now
        let report = try Self.bench(port: port, requests: 3)
        #expect(report.errors[.badReply] == 3, "errors: \(report.errors)")
        #expect(report.errors[.timeout, default: 0] == 0)
        #expect(ContinuousClock.now - start < .seconds(3), "judged without waiting for the 3 s timeout")
        #expect(try served.wait(timeout: 15) == 3)
    }

    /// The reply checked as it arrives must still accept a correct reply written another way
    /// (keys reordered, other spacing) and arriving a byte at a time.
    @Test("bench: a correct reply with another header layout, one byte per write, is counted correct")
    func benchAcceptsAnotherLayoutByteByByte() throws {
        let request = LoadRequest(.search("morpheus"))
        let content = request.expectedContent
        let header = "{ \"content-length\":\(content.count),\"content-type\":\"text/json\",\"content-encoding\":\"utf-8\",\"byteorder\":\"big\" }"
        let reply = Wire.raw(header: header, content: content)
        let (port, served) = try Self.replyingServer(reply, piece: 1, hold: false, requests: 2, requestSize: request.bytes.count)
        let report = try Self.bench(port: port, requests: 2)
        #expect(report.completed == 2, "errors: \(report.errors)")
        #expect(report.totalErrors == 0)
        #expect(try served.wait(timeout: 15) == 2)
    }

    /// Before: the echo and multiconn servers ignored `--idle-timeout` (only app mode set it), so
    /// connections that send nothing held their slots forever: 4,096 of them and a multiconn server
    /// (or a room in multiconn mode that asked for a timeout) refused everyone else. Any byte in
    /// either direction counts as progress, so an echo that keeps flowing is never cut.
    @Test("echo/multiconn: --idle-timeout cuts a connection that sends nothing; one that keeps echoing is not cut",
          arguments: [ServerMode.multiconn, .echo])
    func echoModesHonourTheIdleTimeout(mode: ServerMode) throws {
        let server = try ServerHarness {
            $0.mode = mode
            $0.echoServesOneClient = false
            $0.idleTimeout = .milliseconds(300)
        }
        defer { server.stop() }
        let silent = try RawClient(port: server.port)
        let talker = try RawClient(port: server.port)
        let clock = ContinuousClock()
        let began = clock.now
        // The talker echoes one byte every 100 ms for a second, three timeouts long.
        var echoed: [UInt8] = []
        for i in 0..<10 {
            #expect(talker.send([UInt8(i)]))
            echoed += Self.read(talker.fd, count: 1, seconds: 2)
            usleep(100_000)
        }
        #expect(echoed == (0..<10).map { UInt8($0) })
        #expect(!talker.readable(withinMilliseconds: 0), "the talker is still open")
        let (bytes, end) = silent.readToEnd(timeout: 5)
        #expect(bytes.isEmpty)
        #expect(end == .eof, "the silent connection is closed")
        #expect(clock.now - began < .seconds(5))
        #expect(eventually { server.errorLogLines(peerPort: silent.localPort).contains { $0.contains("idle timeout") } })
        talker.close()
        silent.close()
    }

    /// Before: a reply waiting for a client that never reads was not counted anywhere, so clients
    /// sending big searches one after another and reading nothing made the server hold one big
    /// reply each (40 replies of 16 MiB: 711 MB RSS). Large replies now count in the same budget.
    @Test("app: big replies waiting for clients that never read count in maxBufferedBytes; the largest holder is closed")
    func unsentRepliesShareTheBudget() throws {
        // Each reply ("No match for '…'.") is about 6 MiB, more than the kernel's socket buffers
        // take: two fit the budget (16 MiB, one largest request), three do not.
        let server = try ServerHarness {
            $0.maxBufferedBytes = 14 << 20
            $0.idleTimeout = .seconds(60)  // the two clients left never read: only the budget may close them
        }
        defer { server.stop() }
        let request = Wire.search(String(repeating: "x", count: 6 << 20))
        var clients: [RawClient] = []
        defer { clients.forEach { $0.close() } }
        for _ in 0..<3 {
            let client = try RawClient(port: server.port, timeout: 10, receiveBuffer: 4096)
            #expect(client.send(request))
            let port = client.localPort
            #expect(eventually(timeout: 10) { server.hasConnection(fromPort: port, bytesIn: request.count) || !server.errorLogLines(peerPort: port).isEmpty })
            clients.append(client)
        }
        let evicted = { clients.filter { client in server.errorLogLines(peerPort: client.localPort).contains { $0.contains("held the most") } } }
        #expect(eventually(timeout: 5) { !evicted().isEmpty }, "\(server.errorLogLines)")
        #expect(evicted().count == 1, "one reply too many: one holder closed (\(evicted().count))")
        #expect(server.openConnections == 2)
        // A small request is still answered.
        let good = try RawClient(port: server.port, timeout: 10)
        #expect(good.send(Wire.search("morpheus")))
        #expect(good.readToEnd(timeout: 5).bytes == Wire.jsonReply("Follow the white rabbit. 🐰"))
        good.close()
    }
}
