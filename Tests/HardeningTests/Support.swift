import Dispatch
import FrameCore
import Foundation
import Glibc
import Logging
import Peers
import Reactor
import Synchronization
import Testing

// MARK: Expected bytes, written out from PROTOCOL.md (not with the code under test)

enum Wire {
    /// A frame as the tutorial's sender writes it.
    static func frame(contentType: String, contentEncoding: String, content: [UInt8],
                      byteorder: String = Message.hostByteOrder) -> [UInt8] {
        let header = "{\"byteorder\": \"\(byteorder)\", \"content-type\": \"\(contentType)\", \"content-encoding\": \"\(contentEncoding)\", \"content-length\": \(content.count)}"
        return raw(header: header, content: content)
    }

    /// A frame from a literal header text (for malformed headers) and content.
    static func raw(header: String, content: [UInt8] = []) -> [UInt8] {
        raw(headerBytes: Array(header.utf8), content: content)
    }

    static func raw(headerBytes h: [UInt8], content: [UInt8] = []) -> [UInt8] {
        [UInt8(h.count >> 8), UInt8(h.count & 0xFF)] + h + content
    }

    static func search(_ value: String) -> [UInt8] {
        frame(contentType: "text/json", contentEncoding: "utf-8",
              content: Array("{\"action\": \"search\", \"value\": \"\(value)\"}".utf8))
    }

    static func jsonReply(_ result: String) -> [UInt8] {
        frame(contentType: "text/json", contentEncoding: "utf-8", content: Array("{\"result\": \"\(result)\"}".utf8))
    }

    static func binary(_ content: [UInt8]) -> [UInt8] {
        frame(contentType: "binary/custom-client-binary-type", contentEncoding: "binary", content: content)
    }

    static func binaryReply(_ first10: [UInt8]) -> [UInt8] {
        frame(contentType: "binary/custom-server-binary-type", contentEncoding: "binary",
              content: Array("First 10 bytes of request: ".utf8) + first10)
    }

    /// A well-behaved request and its exact reply; `n` makes each one unique, so a reply that went
    /// to the wrong client, or was cut, or mixed with another, cannot pass.
    static func goodPair(_ n: Int) -> (request: [UInt8], reply: [UInt8]) {
        switch n % 5 {
        case 0: return (search("morpheus"), jsonReply("Follow the white rabbit. \u{1F430}"))
        case 1: return (search("ring"), jsonReply("In the caves beneath the Misty Mountains. \u{1F48D}"))
        case 2: return (search("\u{1F436}"), jsonReply("\u{1F43E} Playing ball! \u{1F3D0}"))
        case 3: return (search("client-\(n)"), jsonReply("No match for 'client-\(n)'."))
        default:
            let content = Array("bin\(n)".utf8) + [0xF0, 0x9F, 0x98, 0x83] + Array(repeating: UInt8(n & 0x7F), count: n % 300)
            return (binary(content), binaryReply(Array(content.prefix(10))))
        }
    }
}

// MARK: Thread-safe boxes

final class Locked<Value>: @unchecked Sendable {
    private let mutex: Mutex<Value>
    init(_ value: sending Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout sending Value) -> sending R) -> sending R { mutex.withLock(body) }
}

struct HardError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 5 ms until it holds or `timeout` seconds pass.
func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}

// MARK: Capturing the server's log lines

struct CaptureLogHandler: LogHandler {
    let lines: Locked<[String]>
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let text = "\(event.level): \(event.message)"
        lines.withLock { $0.append(text) }
    }
}

// MARK: An in-process reference server on a background thread

private final class LoopBox: @unchecked Sendable {
    var loop: EventLoop?
    var server: ReferenceServer?
}

/// A `ReferenceServer` (app mode) on 127.0.0.1 port 0, its event loop on a thread of its own.
/// Error lines come through the sink's `emit` closure (one `.error` event per bad connection);
/// everything the logger says is kept too (refusals, accept pauses).
final class TestServer: Sendable {
    let port: Int
    private let errors = Locked<[(connection: Int?, text: String)]>([])
    let logLines = Locked<[String]>([])
    private let handle: EventLoopHandle
    private let box: LoopBox
    private let finished = DispatchSemaphore(value: 0)
    private let stopped = Locked(false)

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        ProcessSetup.ignoreSIGPIPE()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, mode: .app, idleTimeout: .seconds(10))
        configure(&configuration)
        let frozen = configuration
        let box = LoopBox()
        let ready = DispatchSemaphore(value: 0)
        let startup = Locked<Result<(Int, EventLoopHandle), HardError>?>(nil)
        let errors = self.errors
        let logLines = self.logLines
        let finished = self.finished
        let stopped = self.stopped
        let thread = Thread {
            defer { finished.signal() }
            let loop: EventLoop
            do { loop = try EventLoop() } catch {
                startup.withLock { $0 = .failure(HardError("\(error)")) }
                ready.signal()
                return
            }
            let logger = Logger(label: "hardening") { _ in CaptureLogHandler(lines: logLines) }
            let sink = SessionSink(logger: logger) { event in
                if case let .error(text) = event.kind {
                    errors.withLock { $0.append((event.connection, text)) }
                }
            }
            let server = ReferenceServer(configuration: frozen, loop: loop, sink: sink)
            do {
                let address = try server.start()
                box.loop = loop
                box.server = server
                startup.withLock { $0 = .success((address.port, loop.handle)) }
            } catch {
                startup.withLock { $0 = .failure(HardError("\(error)")) }
                ready.signal()
                return
            }
            ready.signal()
            loop.run()
            server.stop()
            // Close what is still open, as a process exit would, so descriptors are released here.
            for connection in loop.connections { connection.close(.local("test server stopped")) }
            box.server = nil
            box.loop = nil
            stopped.withLock { $0 = true }
        }
        thread.name = "hardening-server"
        thread.start()
        guard ready.wait(timeout: .now() + 10) == .success else { throw HardError("server did not start in 10 s") }
        guard case let .success((port, handle))? = startup.withLock({ $0 }) else {
            throw HardError("server did not start: \(String(describing: startup.withLock { $0 }))")
        }
        self.port = port
        self.handle = handle
        self.box = box
    }

    /// Stops the loop and waits (at most 10 s) for its thread.
    @discardableResult
    func stop() -> Bool {
        if stopped.withLock({ $0 }) { return true }
        handle.stop()
        let ok = finished.wait(timeout: .now() + 10) == .success
        if ok { finished.signal() }
        return ok
    }

    /// Runs `body` on the loop's thread (nil if the loop did not answer within 5 s).
    func onLoop<T: Sendable>(_ body: @escaping @Sendable (EventLoop) -> T) -> T? {
        let result = Locked<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let box = self.box
        handle.execute {
            if let loop = box.loop { result.withLock { $0 = body(loop) } }
            done.signal()
        }
        guard done.wait(timeout: .now() + 5) == .success else { return nil }
        return result.withLock { $0 }
    }

    /// Open connections on the server's loop.
    var openConnections: Int? { onLoop { $0.connections.count } }

    /// True once the server holds a connection from `peerPort` that has read at least `bytes`.
    func hasConnection(fromPort peerPort: Int, bytesIn: Int = 0) -> Bool {
        onLoop { loop in loop.connections.contains { $0.peer.port == peerPort && $0.counters.bytesIn >= bytesIn } } ?? false
    }

    /// The server's error log lines (one per bad connection, naming it and the reason).
    var errorLines: [String] {
        logLines.withLock { $0.filter { $0.hasPrefix("error: ") }.map { String($0.dropFirst(7)) } }
    }

    /// The `.error` session events the sink emitted for connection `id` (their text is the reason).
    func errorEvents(connection id: Int) -> [String] {
        errors.withLock { $0.filter { $0.connection == id }.map(\.text) }
    }

    /// The connection id a "closing connection ID to …" line names.
    static func connectionID(in line: String) -> Int? {
        guard line.hasPrefix("closing connection ") else { return nil }
        return Int(line.dropFirst("closing connection ".count).prefix { $0.isNumber })
    }

    /// The error lines naming the peer at `127.0.0.1:peerPort`.
    func errorLines(peerPort: Int) -> [String] {
        let tag = "('127.0.0.1', \(peerPort))"
        return errorLines.filter { $0.contains(tag) }
    }

    /// Descriptors of this process that are TCP sockets with the server's port as local port:
    /// the listener and every accepted connection (client sockets have ephemeral local ports).
    var socketDescriptors: Int { ProcFS.socketDescriptors(localPort: port) }
}

// MARK: /proc

enum ProcFS {
    static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            data += chunk[..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Inodes of IPv4 TCP sockets whose local port is `port`.
    static func inodes(localPort port: Int) -> Set<String> {
        guard let table = readWhole("/proc/net/tcp") else { return [] }
        var result: Set<String> = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9 else { continue }
            let local = fields[1].split(separator: ":")
            guard local.count == 2, let p = Int(local[1], radix: 16), p == port else { continue }
            result.insert(String(fields[9]))
        }
        return result
    }

    /// Targets of /proc/PID/fd entries ("self" for this process).
    static func descriptorTargets(pid: String = "self") -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return [] }
        return names.compactMap { name in
            var buffer = [CChar](repeating: 0, count: 256)
            let n = readlink("/proc/\(pid)/fd/\(name)", &buffer, buffer.count - 1)
            guard n > 0 else { return nil }
            return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    static func descriptorCount(pid: Int32) -> Int { descriptorTargets(pid: String(pid)).count }

    static func socketDescriptors(localPort port: Int) -> Int {
        let wanted = inodes(localPort: port)
        return descriptorTargets().filter { target in
            target.hasPrefix("socket:[") && wanted.contains(String(target.dropFirst(8).dropLast()))
        }.count
    }

    /// utime + stime of a process, in clock ticks.
    static func cpuTicks(pid: Int32) -> Int? {
        guard let stat = readWhole("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the comm field: state is fields[0], utime is field 14 overall → fields[11], stime fields[12].
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// Resident set size of a process in KiB.
    static func residentKiB(pid: Int32) -> Int? {
        guard let status = readWhole("/proc/\(pid)/status") else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        }
        return nil
    }
}

// MARK: A blocking raw client socket, plain Glibc

enum ReadEnd: Equatable, Sendable { case eof, reset, timeout }

final class RawClient {
    private(set) var fd: Int32

    init(port: Int, timeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HardError("socket: errno \(errno)") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            Glibc.close(fd)
            fd = -1
            throw HardError("connect to port \(port): errno \(code)")
        }
    }

    deinit { close() }

    var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends everything; false if the peer is gone (reset, broken pipe).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Waits up to `ms` for the socket to become readable; true if it did (data, EOF or error).
    func readable(withinMilliseconds ms: Int32) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, ms) == 1
    }

    /// Reads until EOF, reset or `timeout` seconds.
    func readToEnd(timeout: Double = 5) -> (bytes: [UInt8], end: ReadEnd) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return (received, .timeout) }
            let ms = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, ms)
            if ready == 0 { return (received, .timeout) }
            if ready < 0 { if errno == EINTR { continue }; return (received, .reset) }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 {
                received += buffer[..<n]
            } else if n == 0 {
                return (received, .eof)
            } else if errno == EAGAIN || errno == EINTR {
                continue
            } else {
                return (received, errno == ECONNRESET ? .reset : .eof)
            }
        }
    }

    /// Closes with SO_LINGER 0: the kernel sends RST instead of FIN.
    func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}

// MARK: Many well-behaved clients on one event loop

/// What one client saw: every byte the server sent, and how the connection ended.
struct Exchange: Sendable {
    var received: [UInt8] = []
    var reason: CloseReason?
}

/// Sends a request (in two pieces `gap` apart when `gap` is set, so it overlaps with whatever else
/// is going on), reads until the server closes.
private final class ExchangeHandler: ConnectionHandler {
    let request: [UInt8]
    let gap: Duration?
    let loop: EventLoop
    var received: [UInt8] = []
    let done: ([UInt8], CloseReason) -> Void

    init(request: [UInt8], gap: Duration?, loop: EventLoop, done: @escaping ([UInt8], CloseReason) -> Void) {
        self.request = request
        self.gap = gap
        self.loop = loop
        self.done = done
    }

    func connectionDidOpen(_ c: Connection) {
        if let gap {
            let half = request.count / 2
            c.enqueue(Array(request[..<half]))
            let rest = Array(request[half...])
            loop.schedule(after: gap) { c.enqueue(rest) }
        } else {
            c.enqueue(request)
        }
        c.interest = [.read, .write]
    }

    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) { received += bytes }
    func connectionDidDrain(_ c: Connection) {}
    func connection(_ c: Connection, didCloseWith reason: CloseReason) { done(received, reason) }
}

/// Runs one client per request, all at once, on an event loop on this thread; bounded by `limit`.
func runExchanges(port: Int, requests: [[UInt8]], gap: Duration? = nil, limit: Duration = .seconds(60)) throws -> [Exchange] {
    let loop = try EventLoop()
    var results = [Exchange](repeating: Exchange(), count: requests.count)
    var remaining = requests.count
    let address = SocketAddress(family: .ipv4, host: "127.0.0.1", port: port)
    for (index, request) in requests.enumerated() {
        let handler = ExchangeHandler(request: request, gap: gap, loop: loop) { [unowned loop] bytes, reason in
            results[index] = Exchange(received: bytes, reason: reason)
            remaining -= 1
            if remaining == 0 { loop.stop() }
        }
        _ = try loop.connect(to: address, timeout: .seconds(30), handler: handler)
    }
    let watchdog = loop.schedule(after: limit) { [unowned loop] in loop.stop() }
    if remaining > 0 { loop.run() }
    loop.cancel(watchdog)
    return results
}

/// `runExchanges` on a background thread; `wait()` returns what each client saw.
final class BackgroundExchanges: Sendable {
    private let results = Locked<Result<[Exchange], HardError>?>(nil)
    private let done = DispatchSemaphore(value: 0)
    let requests: [[UInt8]]
    let replies: [[UInt8]]

    /// `count` good clients with unique requests, numbered from `first`.
    init(port: Int, count: Int, first: Int = 0, gap: Duration? = .milliseconds(30)) {
        let pairs = (first..<first + count).map(Wire.goodPair)
        requests = pairs.map(\.request)
        replies = pairs.map(\.reply)
        let results = self.results
        let done = self.done
        let requests = self.requests
        let thread = Thread {
            do {
                let r = try runExchanges(port: port, requests: requests, gap: gap)
                results.withLock { $0 = .success(r) }
            } catch {
                results.withLock { $0 = .failure(HardError("\(error)")) }
            }
            done.signal()
        }
        thread.start()
    }

    func wait(timeout seconds: Double = 90) throws -> [Exchange] {
        guard done.wait(timeout: .now() + seconds) == .success else { throw HardError("clients did not finish in \(seconds) s") }
        switch results.withLock({ $0 }) {
        case let .success(r)?: return r
        case let .failure(e)?: throw e
        case nil: throw HardError("no results")
        }
    }

    /// Indices of clients that did not get exactly their reply followed by the server's close.
    func failures(_ exchanges: [Exchange]) -> [String] {
        var bad: [String] = []
        for (i, e) in exchanges.enumerated() where e.received != replies[i] || e.reason != .peerClosed {
            bad.append("client \(i): \(e.received.count) bytes (want \(replies[i].count)), closed: \(e.reason.map { "\($0)" } ?? "never")")
        }
        return bad
    }
}
