import FrameCore
import Reactor

/// A connection of the echo and multiconn clients: sends its messages one after another,
/// counts what comes back, and closes once every byte it sent has returned (or the peer closed),
/// as `multiconn-client.py` does.
final class EchoClientHandler: ConnectionHandler {
    private var pending: [[UInt8]]
    private let total: Int
    private var received: [UInt8] = []
    /// The multiconn client's connection number (1…N); nil for the plain echo client.
    private let label: Int?
    private let sink: SessionSink
    var onFinish: ((Result<[UInt8], ClientError>) -> Void)?

    init(payloads: [[UInt8]], label: Int?, sink: SessionSink) {
        pending = payloads
        total = payloads.reduce(0) { $0 + $1.count }
        self.label = label
        self.sink = sink
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
            return
        }
        let message = pending.removeFirst()
        if label != nil { sink.log(c.id, "sending \(PythonRepr.bytes(message)) to \(name)") }
        c.enqueue(message)
        c.interest = [.read, .write]
    }

    func connectionDidDrain(_ c: Connection) {
        sendNext(c)
    }

    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) {
        received.append(contentsOf: bytes)
        if label != nil { sink.log(c.id, "received \(PythonRepr.bytes(bytes)) from \(name)") }
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
