import FrameCore
import Peers
import Reactor

/// Many client connections at once, all on one event loop run on the calling thread, bounded in
/// time: our `AppClientHandler`s (`appClients`) or raw request/reply exchanges (`exchanges`).
///
/// Why on one loop: hundreds or thousands of concurrent clients need no threads, and the loop
/// stops as soon as the last one is done, or when `limit` passes (a hung server fails the test
/// instead of hanging it).
public enum ClientBatch {
    /// Connects one client per request to 127.0.0.1:`port`; `makeHandler(index, request, loop,
    /// finish)` builds each client's handler, which calls `finish` once with its result. A slot
    /// stays nil only if `limit` passed first.
    public static func run<Outcome>(
        port: Int, requests: [[UInt8]], connectTimeout: Duration, limit: Duration,
        makeHandler: (_ index: Int, _ request: [UInt8], _ loop: EventLoop, _ finish: @escaping (Outcome) -> Void) -> any ConnectionHandler
    ) throws -> [Outcome?] {
        let loop = try EventLoop()
        var results = [Outcome?](repeating: nil, count: requests.count)
        var remaining = requests.count
        let address = SocketAddress(family: .ipv4, host: "127.0.0.1", port: port)
        for (index, request) in requests.enumerated() {
            let handler = makeHandler(index, request, loop) { [unowned loop] outcome in
                results[index] = outcome
                remaining -= 1
                if remaining == 0 { loop.stop() }
            }
            _ = try loop.connect(to: address, timeout: connectTimeout, handler: handler)
        }
        let watchdog = loop.schedule(after: limit) { [unowned loop] in loop.stop() }
        if remaining > 0 { try loop.run() }
        loop.cancel(watchdog)
        return results
    }

    /// One `AppClientHandler` per request: each decoded reply, or the client's error.
    public static func appClients(port: Int, requests: [[UInt8]], limit: Duration = .seconds(20)) throws -> [Result<Message, ClientError>?] {
        try run(port: port, requests: requests, connectTimeout: .seconds(10), limit: limit) { _, request, loop, finish in
            AppClientHandler(loop: loop, request: request, sink: .silent(),
                             host: SocketAddress(family: .ipv4, host: "127.0.0.1", port: port).description, completion: finish)
        }
    }

    /// One raw exchange per request (sent in two pieces `gap` apart when `gap` is set, so it
    /// overlaps with whatever else is going on): every byte the server sent until it closed.
    public static func exchanges(port: Int, requests: [[UInt8]], gap: Duration? = nil, limit: Duration = .seconds(60)) throws -> [Exchange] {
        try run(port: port, requests: requests, connectTimeout: .seconds(30), limit: limit) { _, request, loop, finish in
            ExchangeHandler(request: request, gap: gap, loop: loop) { bytes, reason in finish(Exchange(received: bytes, reason: reason)) }
        }.map { $0 ?? Exchange() }
    }
}

/// Sends a request (whole, or in two halves `gap` apart), reads until the server closes.
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
