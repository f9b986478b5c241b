import FrameCore
import Reactor

/// The loop-side half of `TUIEngine`: owns the embedded server and opens the user's
/// connections. Lives on the loop thread only.
final class TUIEngineCore {
    let loop: EventLoop
    let sink: SessionSink
    var server: ReferenceServer?
    var tap: Tap?
    var target: SocketAddress?
    /// Time allowed to connect, and for a reply once a request is out.
    let replyTimeout: Duration
    private var lastStats: [Int: ConnectionStats] = [:]

    init(loop: EventLoop, sink: SessionSink, replyTimeout: Duration) {
        self.loop = loop
        self.sink = sink
        self.replyTimeout = replyTimeout
    }

    /// Starts the embedded server and makes it the composer's target.
    func startServer(_ configuration: ServerConfiguration) throws(SocketError) {
        let server = ReferenceServer(configuration: configuration, loop: loop, sink: sink)
        target = try server.start()
        self.server = server
    }

    func open(payload: [UInt8], count: Int, plan: SendPlan, framed: Bool, halfClose: Bool) {
        guard let target else { return }
        for _ in 0..<count {
            var id: Int?
            let handler: ConnectionHandler
            if framed {
                handler = AppClientHandler(loop: loop, request: payload, plan: plan, sink: sink, host: target.description,
                                           halfCloseAfterSend: halfClose, replyTimeout: replyTimeout,
                                           contentWindow: Self.maxLineContent) { [sink] result in
                    switch result {
                    case let .success(reply):
                        switch Result(catching: { () throws(FrameError) in try AppReply.line(for: reply) }) {
                        case let .success(line): sink.log(id, line)
                        case let .failure(error): sink.error(id, ClientError.malformedReply(error).description)
                        }
                    case let .failure(error):
                        sink.error(id, error.description)
                    }
                }
            } else {
                let echo = EchoClientHandler(payloads: [payload], label: nil, sink: sink, plan: plan, loop: loop, replyTimeout: replyTimeout)
                echo.onFinish = { [sink] result in
                    switch result {
                    case let .success(bytes): sink.log(id, "Received " + PythonRepr.bytes(bytes, limit: Self.maxLineContent))
                    case let .failure(error): sink.error(id, error.description)
                    }
                }
                handler = echo
            }
            do {
                let connection = try loop.connect(to: target, timeout: replyTimeout, handler: handler)
                id = connection.id
            } catch {
                sink.error(nil, "cannot connect to \(target): \(error)")
            }
        }
    }

    func close(connection id: Int) {
        loop.connections.first { $0.id == id }?.close(.local("closed by the user"))
    }

    /// Content kept of a reply and shown in its event line; the rest is counted. Ten 16 MiB
    /// replies otherwise sit whole in their clients' buffers, and each becomes a 64 MiB `repr`
    /// string on the loop thread.
    static let maxLineContent = 1000

    /// Emits a stats snapshot for each connection whose numbers changed, `interval` apart;
    /// nothing when idle, so an idle TUI costs no CPU.
    func scheduleStats(every interval: Duration) {
        loop.schedule(after: interval) { [weak self] in
            guard let self else { return }
            var seen: Set<Int> = []
            for c in loop.connections {
                seen.insert(c.id)
                let kernel = c.kernelQueueDepths()
                let stats = ConnectionStats(bytesIn: c.counters.bytesIn, bytesOut: c.counters.bytesOut,
                                            messagesIn: c.counters.messagesIn, messagesOut: c.counters.messagesOut,
                                            sendQueue: c.sendQueueBytes, receiveBuffer: c.receiveBufferBytes,
                                            kernelRecvQ: kernel.receive, kernelSendQ: kernel.send)
                if lastStats[c.id] != stats {
                    lastStats[c.id] = stats
                    sink.emit?(SessionEvent(time: WallClock.now(), connection: c.id, kind: .stats(stats)))
                }
            }
            lastStats = lastStats.filter { seen.contains($0.key) }
            scheduleStats(every: interval)
        }
    }
}
