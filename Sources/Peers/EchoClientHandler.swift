import FrameCore
import Reactor

/// A connection of the echo and multiconn clients: sends its messages one after another,
/// counts what comes back, and closes once every byte it sent has returned (or the peer closed),
/// as `multiconn-client.py` does.
///
/// With a chunked `SendPlan` (the TUI's `:chunk`), each payload goes out in pieces, `plan.delay`
/// after the previous piece drained, as the app client does.
final class EchoClientHandler: ConnectionHandler {
    /// What is left to send, with each piece's place in its payload when chunked.
    private var pending: [(bytes: [UInt8], place: String?)]
    private let total: Int
    private var received: [UInt8] = []
    /// The multiconn client's connection number (1…N); nil for the plain echo client.
    private let label: Int?
    private let sink: SessionSink
    private let plan: SendPlan
    private weak var loop: EventLoop?
    /// How long the echo may take once everything is sent (the TUI's `--timeout`); nil: the
    /// caller times the whole exchange, as the CLI clients do.
    private let replyTimeout: Duration?
    var onFinish: ((Result<[UInt8], ClientError>) -> Void)?

    init(payloads: [[UInt8]], label: Int?, sink: SessionSink, plan: SendPlan = .whole, loop: EventLoop? = nil,
         replyTimeout: Duration? = nil) {
        pending = payloads.flatMap { payload -> [(bytes: [UInt8], place: String?)] in
            guard let size = plan.chunkSize, size < payload.count else { return [(payload, nil)] }
            return stride(from: 0, to: payload.count, by: size).map { start in
                let range = start..<min(payload.count, start + size)
                return (Array(payload[range]), SendPlan.describe(range, of: payload.count))
            }
        }
        total = payloads.reduce(0) { $0 + $1.count }
        self.label = label
        self.sink = sink
        self.plan = plan
        self.loop = loop
        self.replyTimeout = replyTimeout
    }

    private var name: String { label.map { "connection \($0)" } ?? "connection" }

    func connectionDidOpen(_ c: Connection) {
        sink.state(c.id, "sending")
        sendNext(c)
    }

    private func sendNext(_ c: Connection) {
        guard !pending.isEmpty else {
            sink.state(c.id, "awaiting echo")
            c.interest = [.read]
            if let loop, let replyTimeout {
                loop.schedule(after: replyTimeout) { [weak self, weak c] in
                    guard let self, let c, c.state == .open, let finish = self.onFinish else { return }
                    self.onFinish = nil
                    finish(.failure(.timedOut(host: c.peer.description, seconds: replyTimeout.inSeconds)))
                    c.close(.local("timed out"))
                }
            }
            return
        }
        let (message, place) = pending.removeFirst()
        if let place {
            sink.log(c.id, "sending \(place)")
        } else if label != nil {
            sink.log(c.id, "sending \(PythonRepr.bytes(message, limit: SessionSink.maxEventTextBytes)) to \(name)")
        }
        c.enqueue(message)
        c.interest = [.read, .write]
    }

    func connectionDidDrain(_ c: Connection) {
        guard let loop, plan.delay > .zero, !pending.isEmpty else {
            sendNext(c)
            return
        }
        c.interest = [.read]
        loop.schedule(after: plan.delay) { [weak self, weak c] in
            guard let self, let c, c.state == .open else { return }
            self.sendNext(c)
        }
    }

    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) {
        received.append(contentsOf: bytes)
        if label != nil { sink.log(c.id, "received \(PythonRepr.bytes(bytes, limit: SessionSink.maxEventTextBytes)) from \(name)") }
        if received.count >= total {
            c.close(.local("all \(total) bytes echoed"))
        }
    }

    func connection(_ c: Connection, didCloseWith reason: CloseReason) {
        if label != nil { sink.log(c.id, "closing \(name)") }
        switch reason {
        case let .failed(error):
            onFinish?(.failure(c.counters.bytesOut == 0 ? .connect(error) : .connection(error)))
        case .peerClosed where received.count < total:
            onFinish?(.failure(.closedEarly("\(received.count) of \(total) bytes came back")))
        default:
            onFinish?(.success(received))
        }
        onFinish = nil
    }
}
