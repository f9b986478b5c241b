import Dispatch
import FrameCore
import Foundation
import Glibc
import Logging
import Peers
import Reactor
import Synchronization
import Testing

// MARK: Expected bytes, built by hand from PROTOCOL.md (not with the code under test)

/// A frame as the tutorial's sender writes it: proto-header, JSON header in the fixed key order,
/// content. Written out literally so a change in `Message.encoded` cannot hide itself.
func frame(contentType: String, contentEncoding: String, content: [UInt8], byteorder: String = Message.hostByteOrder) -> [UInt8] {
    let header = Array("{\"byteorder\": \"\(byteorder)\", \"content-type\": \"\(contentType)\", \"content-encoding\": \"\(contentEncoding)\", \"content-length\": \(content.count)}".utf8)
    return [UInt8(header.count >> 8), UInt8(header.count & 0xFF)] + header + content
}

/// A raw frame from a header text and content: for malformed requests built by hand.
func rawFrame(header: String, content: String = "") -> [UInt8] {
    let h = Array(header.utf8)
    return [UInt8(h.count >> 8), UInt8(h.count & 0xFF)] + h + Array(content.utf8)
}

func searchRequest(_ value: String) -> [UInt8] {
    frame(contentType: "text/json", contentEncoding: "utf-8", content: Array("{\"action\": \"search\", \"value\": \"\(value)\"}".utf8))
}

func jsonReply(_ result: String) -> [UInt8] {
    frame(contentType: "text/json", contentEncoding: "utf-8", content: Array("{\"result\": \"\(result)\"}".utf8))
}

func binaryReply(_ first10: [UInt8]) -> [UInt8] {
    frame(contentType: "binary/custom-server-binary-type", contentEncoding: "binary",
          content: Array("First 10 bytes of request: ".utf8) + first10)
}

/// One request of the table every app test uses, with its exact reply and printed line.
struct AppCase: Sendable, CustomTestStringConvertible {
    var action: String
    var value: String
    var request: [UInt8]
    var reply: [UInt8]
    var line: String
    var testDescription: String { "\(action) \(value)" }

    static let all: [AppCase] = [
        AppCase(action: "search", value: "morpheus", request: searchRequest("morpheus"),
                reply: jsonReply("Follow the white rabbit. \u{1F430}"),
                line: "Got result: Follow the white rabbit. \u{1F430}"),
        AppCase(action: "search", value: "ring", request: searchRequest("ring"),
                reply: jsonReply("In the caves beneath the Misty Mountains. \u{1F48D}"),
                line: "Got result: In the caves beneath the Misty Mountains. \u{1F48D}"),
        AppCase(action: "search", value: "\u{1F436}", request: searchRequest("\u{1F436}"),
                reply: jsonReply("\u{1F43E} Playing ball! \u{1F3D0}"),
                line: "Got result: \u{1F43E} Playing ball! \u{1F3D0}"),
        AppCase(action: "search", value: "nothing", request: searchRequest("nothing"),
                reply: jsonReply("No match for 'nothing'."),
                line: "Got result: No match for 'nothing'."),
        AppCase(action: "binary", value: "\u{1F603}",
                request: frame(contentType: "binary/custom-client-binary-type", contentEncoding: "binary",
                               content: [0x62, 0x69, 0x6E, 0x61, 0x72, 0x79, 0xF0, 0x9F, 0x98, 0x83]),
                reply: binaryReply([0x62, 0x69, 0x6E, 0x61, 0x72, 0x79, 0xF0, 0x9F, 0x98, 0x83]),
                line: "Got response: b'First 10 bytes of request: binary\\xf0\\x9f\\x98\\x83'"),
    ]
}

// MARK: Capturing what the server says

/// A swift-log handler that keeps every line it is given.
struct CapturingLogHandler: LogHandler {
    let store: LineStore
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(level: event.level, event.message.description)
    }
}

final class LineStore: Sendable {
    private let lines = Locked<[(Logger.Level, String)]>([])

    func append(level: Logger.Level, _ line: String) {
        lines.withLock { $0.append((level, line)) }
    }

    func all(atLeast level: Logger.Level = .trace) -> [String] {
        lines.withLock { $0.filter { $0.0 >= level }.map(\.1) }
    }
}

// MARK: An in-process server

/// Loop-owned objects, touched only on the harness's loop thread.
private final class LoopOwned: @unchecked Sendable {
    var loop: EventLoop?
    var server: ReferenceServer?
}

/// A `ReferenceServer` on 127.0.0.1 port 0, on an event loop running on a thread of its own.
/// Everything the server reports arrives twice: as `SessionEvent`s (through `emit` and `watch`)
/// and as swift-log lines (through `CapturingLogHandler`). `stop()` is bounded in time.
final class ServerHarness: Sendable {
    let port: Int
    let logs = LineStore()
    private let events = Locked<[SessionEvent]>([])
    private let handle: EventLoopHandle
    private let owned: LoopOwned
    private let finished = DispatchSemaphore(value: 0)
    private let stoppedFlag = Locked(false)

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        ProcessSetup.ignoreSIGPIPE()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, mode: .app)
        configure(&configuration)
        let owned = LoopOwned()
        let ready = DispatchSemaphore(value: 0)
        let startup = Locked<Result<(Int, EventLoopHandle), HarnessError>?>(nil)
        let logs = self.logs
        let events = self.events
        let finished = self.finished
        let stoppedFlag = self.stoppedFlag
        let frozen = configuration
        let thread = Thread {
            let loop: EventLoop
            do {
                loop = try EventLoop()
            } catch {
                startup.withLock { $0 = .failure(HarnessError("\(error)")) }
                ready.signal()
                finished.signal()
                return
            }
            let logger = Logger(label: "peers-tests") { _ in CapturingLogHandler(store: logs) }
            let sink = SessionSink(logger: logger) { event in events.withLock { $0.append(event) } }
            sink.watch(loop)
            let server = ReferenceServer(configuration: frozen, loop: loop, sink: sink)
            do {
                let address = try server.start()
                owned.loop = loop
                owned.server = server
                startup.withLock { $0 = .success((address.port, loop.handle)) }
            } catch {
                startup.withLock { $0 = .failure(HarnessError("\(error)")) }
                ready.signal()
                finished.signal()
                return
            }
            ready.signal()
            loop.run()
            server.stop()
            owned.server = nil
            owned.loop = nil
            stoppedFlag.withLock { $0 = true }
            finished.signal()
        }
        thread.name = "peers-tests-server"
        thread.start()
        guard ready.wait(timeout: .now() + 10) == .success else { throw HarnessError("server did not start in 10 s") }
        switch startup.withLock({ $0 }) {
        case let .success((port, handle))?:
            self.port = port
            self.handle = handle
            self.owned = owned
        case let .failure(error)?:
            throw HarnessError("server did not start: \(error)")
        case nil:
            throw HarnessError("server did not start")
        }
    }

    /// Stops the loop and waits (at most 10 s) for its thread to finish.
    @discardableResult
    func stop() -> Bool {
        if isStopped { return true }
        handle.stop()
        return waitUntilStopped(timeout: 10)
    }

    var isStopped: Bool { stoppedFlag.withLock { $0 } }

    /// Waits for the loop thread to end on its own (echo mode) or after `stop()`.
    func waitUntilStopped(timeout seconds: Double) -> Bool {
        if isStopped { return true }
        let ok = finished.wait(timeout: .now() + seconds) == .success
        if ok { finished.signal() }  // keep it signalled for later callers
        return ok
    }

    /// Runs `body` on the loop's thread and returns its result (nil if the loop did not answer in 5 s).
    func onLoop<T: Sendable>(_ body: @escaping @Sendable (EventLoop, ReferenceServer) -> T) -> T? {
        let result = Locked<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let owned = self.owned
        handle.execute {
            if let loop = owned.loop, let server = owned.server {
                let value = body(loop, server)
                result.withLock { $0 = value }
            }
            done.signal()
        }
        guard done.wait(timeout: .now() + 5) == .success else { return nil }
        return result.withLock { $0 }
    }

    /// Open connections on the server's loop.
    var openConnections: Int? { onLoop { loop, _ in loop.connections.count } }

    var allEvents: [SessionEvent] { events.withLock { $0 } }

    /// The text of every `.error` event, in order.
    var errorLines: [String] {
        allEvents.compactMap { if case let .error(text) = $0.kind { return text } else { return nil } }
    }

    var logLines: [String] {
        allEvents.compactMap { if case let .log(text) = $0.kind { return text } else { return nil } }
    }

    /// This process's descriptors that are TCP sockets bound to the server's port: the listener
    /// and every accepted connection, nothing else (client sockets have an ephemeral local port).
    var socketDescriptors: Int { ProcFS.socketDescriptors(localPort: port) }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: Polling

/// Polls `condition` every 5 ms until it holds or `timeout` seconds pass; true if it held.
func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}

// MARK: /proc

enum ProcFS {
    /// Inodes of the TCP sockets (IPv4) whose local port is `port`.
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

    /// A /proc file read to its end (Foundation stops after the first page: /proc reports size 0).
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

    /// Entries of /proc/self/fd.
    static func descriptorTargets() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return [] }
        var targets: [String] = []
        for name in names {
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = buffer.withUnsafeMutableBytes { readlink("/proc/self/fd/\(name)", $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count - 1) }
            if n > 0 {
                targets.append(String(decoding: buffer[..<n], as: UTF8.self))
            }
        }
        return targets
    }

    static func socketDescriptors(localPort port: Int) -> Int {
        let wanted = inodes(localPort: port)
        return descriptorTargets().filter { target in
            guard target.hasPrefix("socket:["), target.hasSuffix("]") else { return false }
            return wanted.contains(String(target.dropFirst(8).dropLast()))
        }.count
    }
}

// MARK: Many app clients on one loop

/// Runs one `AppClientHandler` per request, all at once on one event loop on this thread;
/// bounded by `limit`. A slot stays nil only if the limit passed.
func runAppClients(port: Int, requests: [[UInt8]], limit: Duration = .seconds(20)) throws -> [Result<Message, ClientError>?] {
    let loop = try EventLoop()
    var results = [Result<Message, ClientError>?](repeating: nil, count: requests.count)
    var remaining = requests.count
    let address = SocketAddress(family: .ipv4, host: "127.0.0.1", port: port)
    for (index, request) in requests.enumerated() {
        let handler = AppClientHandler(loop: loop, request: request, sink: .silent(), host: address.description) { [unowned loop] result in
            results[index] = result
            remaining -= 1
            if remaining == 0 { loop.stop() }
        }
        _ = try loop.connect(to: address, timeout: .seconds(10), handler: handler)
    }
    let watchdog = loop.schedule(after: limit) { [unowned loop] in loop.stop() }
    if remaining > 0 { loop.run() }
    loop.cancel(watchdog)
    return results
}

/// The same, on a background thread: `wait()` returns the results (nil on a hung thread).
final class BackgroundClients: Sendable {
    private let results = Locked<[Result<Message, ClientError>?]?>(nil)
    private let failure = Locked<String?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(port: Int, requests: [[UInt8]]) {
        let results = self.results
        let failure = self.failure
        let done = self.done
        let thread = Thread {
            do {
                let r = try runAppClients(port: port, requests: requests)
                results.withLock { $0 = r }
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
            done.signal()
        }
        thread.start()
    }

    func wait(timeout seconds: Double = 30) throws -> [Result<Message, ClientError>?] {
        guard done.wait(timeout: .now() + seconds) == .success else { throw HarnessError("clients did not finish in \(seconds) s") }
        if let failure = failure.withLock({ $0 }) { throw HarnessError(failure) }
        return results.withLock { $0 } ?? []
    }
}

// MARK: A blocking raw socket, for peers that misbehave on purpose

/// How a raw read ended.
enum ReadEnd: Equatable {
    case eof, reset, timeout
}

/// A blocking TCP client socket with deadlines, plain Glibc so it shares no code with the server.
final class RawPeer {
    private(set) var fd: Int32

    init(port: Int, timeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
        RawPeer.setTimeouts(fd, timeout)
        var address = RawPeer.loopback(port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            Glibc.close(fd)
            fd = -1
            throw HarnessError("connect to port \(port): errno \(code)")
        }
    }

    deinit { close() }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    static func setTimeouts(_ fd: Int32, _ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The local port: the server names the peer by it.
    var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw HarnessError("send: errno \(errno)") }
            offset += n
        }
    }

    func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Reads until EOF, reset or `timeout` seconds; returns the bytes and how it ended.
    func readToEnd(timeout: Double = 5) -> (bytes: [UInt8], end: ReadEnd) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return (received, .timeout) }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
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

    /// Closes with SO_LINGER 0, so the kernel sends RST instead of FIN.
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

/// A listening socket on 127.0.0.1 port 0 that never accepts (connections wait in the backlog),
/// or, with `closedPort()`, a port nobody listens on.
final class RawListener {
    let fd: Int32
    let port: Int

    init(backlog: Int32 = 16) throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard sock >= 0 else { throw HarnessError("socket: errno \(errno)") }
        var address = RawPeer.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(sock, backlog) == 0 else {
            Glibc.close(sock)
            throw HarnessError("bind/listen: errno \(errno)")
        }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &length) }
        }
        fd = sock
        port = Int(UInt16(bigEndian: local.sin_port))
    }

    deinit { Glibc.close(fd) }

    /// Accepts one connection within `timeout` seconds; the accepted descriptor or nil.
    func accept(timeout: Double) -> Int32? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(timeout * 1000)) == 1 else { return nil }
        let client = Glibc.accept(fd, nil, nil)
        return client >= 0 ? client : nil
    }

    static func closedPort() throws -> Int {
        let listener = try RawListener()
        return listener.port
    }
}

/// A one-connection fake server on its own thread: accepts, reads `expect` bytes (the request),
/// then writes `reply` and closes. For client error paths the real server never takes.
final class FakeServer: Sendable {
    let port: Int
    private let done = DispatchSemaphore(value: 0)
    private let received = Locked<[UInt8]>([])

    init(expect: Int, reply: [UInt8]) throws {
        let listener = try RawListener()
        port = listener.port
        let done = self.done
        let received = self.received
        let box = UncheckedBox(listener)
        let thread = Thread {
            let listener = box.value
            defer { done.signal() }
            guard let client = listener.accept(timeout: 10) else { return }
            defer { Glibc.close(client) }
            RawPeer.setTimeouts(client, 5)
            var got: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while got.count < expect {
                let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { break }
                got += buffer[..<n]
            }
            received.withLock { $0 = got }
            var offset = 0
            while offset < reply.count {
                let n = reply[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { break }
                offset += n
            }
        }
        thread.start()
    }

    /// Waits (bounded) for the connection to be served; the request bytes it read.
    func finish(timeout seconds: Double = 10) -> [UInt8]? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return received.withLock { $0 }
    }
}

/// A mutex in a class, so closures and threads can share it by reference.
final class Locked<Value>: @unchecked Sendable {
    private let mutex: Mutex<Value>
    init(_ value: sending Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout sending Value) -> sending R) -> sending R { mutex.withLock(body) }
}

struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
