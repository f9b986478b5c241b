import FrameCore
import Reactor

/// One request of the `app` client, following `app-client.py`'s life: READ|WRITE until the
/// request is sent, then READ only; close once the reply is processed.
///
/// Used by the CLI client, the TUI's composer and the load generator alike.
public final class AppClientHandler: ConnectionHandler {
    private let request: [UInt8]
    private let plan: SendPlan
    private let limits: FrameLimits
    private let sink: SessionSink
    private let host: String
    private var decoder: FrameDecoder
    private var sent = 0
    private var finished = false
    private let completion: (Result<Message, ClientError>) -> Void
    private unowned let loop: EventLoop
    private let halfCloseAfterSend: Bool
    /// How long the reply may take once the request is out (the TUI's `--timeout`); nil: the
    /// caller times the whole exchange itself, as the CLI client does.
    private let replyTimeout: Duration?

    /// `contentWindow`: keep only this many bytes of the reply's content (the rest is counted, see
    /// `FrameDecoder.contentWindow`), for a viewer that shows a reply rather than uses it.
    public init(loop: EventLoop, request: [UInt8], plan: SendPlan = .whole, limits: FrameLimits = .default, sink: SessionSink,
                host: String, halfCloseAfterSend: Bool = false, replyTimeout: Duration? = nil, contentWindow: Int? = nil,
                completion: @escaping (Result<Message, ClientError>) -> Void) {
        self.request = request
        self.plan = plan
        self.limits = limits
        self.sink = sink
        self.host = host
        self.decoder = FrameDecoder(limits: limits, contentWindow: contentWindow)
        self.completion = completion
        self.loop = loop
        self.halfCloseAfterSend = halfCloseAfterSend
        self.replyTimeout = replyTimeout
    }

    public func connectionDidOpen(_ c: Connection) {
        sink.state(c.id, "sending")
        sendNextChunk(c)
    }

    private func sendNextChunk(_ c: Connection) {
        let end = min(request.count, sent + (plan.chunkSize ?? request.count))
        let chunk = request[sent..<end]
        if plan.chunkSize != nil {
            sink.log(c.id, "sending \(SendPlan.describe(sent..<end, of: request.count))")
        } else {
            sink.log(c.id, "sending \(PythonRepr.bytes(chunk, limit: SessionSink.maxEventTextBytes)) to \(c.peer.pythonDescription)")
        }
        chunk.withUnsafeBytes { c.enqueue($0) }
        sent = end
        c.interest = [.read, .write]
    }

    public func connectionDidDrain(_ c: Connection) {
        guard !finished else { return }
        if sent < request.count {
            c.interest = [.read]
            loop.schedule(after: plan.delay) { [weak self, weak c] in
                guard let self, let c, !self.finished, c.state == .open else { return }
                self.sendNextChunk(c)
            }
            return
        }
        c.countMessageOut()
        if halfCloseAfterSend { c.shutdownWrite() }
        sink.state(c.id, "awaiting reply")
        c.interest = [.read]
        if let replyTimeout {
            // Measured from the end of the request, so a slow chunked send is not cut, while a
            // server that never answers (or trickles its reply) is.
            loop.schedule(after: replyTimeout) { [weak self, weak c] in
                if let self, let c { self.timeOut(c, seconds: replyTimeout.inSeconds) }
            }
        }
    }

    public func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) {
        guard !finished else { return }
        decoder.feed(bytes)
        c.receiveBufferBytes = decoder.buffered
        sink.state(c.id, "receiving")
        do {
            guard let reply = try decoder.next() else { return }
            c.countMessageIn()
            c.receiveBufferBytes = decoder.buffered
            finish(.success(reply))
            c.close(.local("response processed"))
        } catch {
            finish(.failure(.malformedReply(error)))
            c.close(.local("malformed reply: \(error)"))
        }
    }

    public func connection(_ c: Connection, didCloseWith reason: CloseReason) {
        guard !finished else { return }
        switch reason {
        case .peerClosed:
            let detail: String
            do {
                try decoder.finish()
                detail = "no reply bytes at all"
            } catch {
                detail = error.description
            }
            finish(.failure(.closedEarly(detail)))
        case let .failed(error):
            finish(.failure(c.state == .connecting || sent == 0 ? .connect(error) : .connection(error)))
        case .idleTimeout, .local:
            finish(.failure(.closedEarly(reason.description)))
        }
    }

    /// Ends the request with a timeout if no reply came in time (the caller's timer).
    public func timeOut(_ c: Connection, seconds: Double) {
        guard !finished else { return }
        finish(.failure(.timedOut(host: host, seconds: seconds)))
        c.close(.local("timed out"))
    }

    private func finish(_ result: Result<Message, ClientError>) {
        guard !finished else { return }
        finished = true
        completion(result)
    }
}
