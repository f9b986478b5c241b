import FrameCore
import Reactor

/// One relayed conversation: the connection a client opened to the tap and the one the tap
/// opened to the target, with bytes passed through unchanged in both directions.
///
/// Why one object for both hops: every rule couples them. Bytes read on one hop are queued on the
/// other; a hop whose peer has more than `maxQueuedBytes` queued stops being read until that queue
/// drains (back-pressure, so memory stays bounded whatever the two programs do); an end-of-stream
/// on one hop becomes a shutdown of writing on the other (half-close passes through); and a close
/// on one hop closes the other once what it still has to send is gone.
final class TapRelay {
    private let configuration: TapConfiguration
    private let target: SocketAddress
    private let sink: SessionSink
    private unowned let loop: EventLoop
    private var client: Connection?
    private var server: Connection?
    /// Hops not read because their peer's queue is over the limit.
    private var paused: Set<TapHop> = []
    /// Whether the connection to the target ever completed: a close before that is the connect's failure.
    private var serverOpened = false

    init(configuration: TapConfiguration, target: SocketAddress, loop: EventLoop, sink: SessionSink) {
        self.configuration = configuration
        self.target = target
        self.loop = loop
        self.sink = sink
    }

    private func connection(_ hop: TapHop) -> Connection? { hop == .client ? client : server }

    private func pairText() -> String {
        "#\(client?.id ?? 0) ⇄ #\(server?.id ?? 0)"
    }

    // MARK: Callbacks from both hops

    func opened(_ hop: TapHop, _ c: Connection) {
        c.keepsOpenAfterEOF = true
        switch hop {
        case .client:
            client = c
            sink.logRestatingLoopEvent(c.id, "accepted connection from \(c.peer.pythonDescription)")
            connectToTarget(for: c)
        case .server:
            serverOpened = true
            sink.log(c.id, "connected to \(target.pythonDescription), relaying \(pairText())")
            sink.state(c.id, "relaying ⇄ #\(client?.id ?? 0)")
            if let client { sink.state(client.id, "relaying ⇄ #\(c.id)") }
            var interest: Interest = c.didReadEOF ? [] : [.read]
            if c.sendQueueBytes > 0 { interest.insert(.write) }
            c.interest = interest
        }
    }

    private func connectToTarget(for client: Connection) {
        sink.state(client.id, "connecting to target")
        do {
            let handler = TapHopHandler(relay: self, hop: .server)
            let server = try loop.connect(to: target, timeout: configuration.connectTimeout, handler: handler)
            self.server = server
            sink.log(server.id, "connecting to \(target.pythonDescription) for #\(client.id)")
            sink.state(server.id, "connecting ⇄ #\(client.id)")
        } catch {
            let reason = "cannot reach target \(target): \(error)"
            sink.error(client.id, "closing connection \(client.id) to \(client.peer.pythonDescription): \(reason)", reason: reason)
            client.close(.local(reason))
        }
    }

    func read(_ hop: TapHop, _ c: Connection, _ bytes: UnsafeRawBufferPointer) {
        guard let peer = connection(hop.other) else { return }
        if sink.logger.logLevel <= .info {
            sink.logger.info("\(pairText()) \(hop.flow): \(bytes.count) bytes")
        }
        peer.enqueue(bytes)
        peer.interest.insert(.write)
        if peer.sendQueueBytes > configuration.maxQueuedBytes, !paused.contains(hop) {
            paused.insert(hop)
            c.interest.remove(.read)
            sink.state(c.id, "paused: #\(peer.id) has \(peer.sendQueueBytes / 1024) KiB queued")
        }
    }

    func drained(_ hop: TapHop, _ c: Connection) {
        c.interest.remove(.write)
        let source = hop.other
        guard paused.contains(source), let sourceConnection = connection(source) else { return }
        paused.remove(source)
        if !sourceConnection.didReadEOF {
            sourceConnection.interest.insert(.read)
        }
        sink.state(sourceConnection.id, "relaying ⇄ #\(c.id)")
    }

    func readEOF(_ hop: TapHop, _ c: Connection) {
        let peer = connection(hop.other)
        sink.log(c.id, "\(hop == .client ? "client" : "server") shut down writing; passing it on to #\(peer?.id ?? 0)")
        sink.state(c.id, "end of stream read")
        guard let peer else { return }
        if peer.didReadEOF {
            // Both directions ended: each hop closes once its queue is sent.
            c.closeWhenDrained(.local("both directions ended"))
            peer.closeWhenDrained(.local("both directions ended"))
        } else {
            peer.shutdownWrite()
        }
    }

    func closed(_ hop: TapHop, _ c: Connection, _ reason: CloseReason) {
        paused.remove(hop)
        guard let peer = connection(hop.other) else { return }
        if hop == .server, !serverOpened {
            let text = "target \(target) unreachable: \(reason)"
            sink.error(peer.id, "closing connection \(peer.id) to \(peer.peer.pythonDescription): \(text)", reason: text)
            peer.close(.local(text))
            return
        }
        switch reason {
        case .peerClosed, .local:
            break
        case .failed, .idleTimeout:
            sink.error(c.id, "\(hop == .client ? "client" : "server") hop \(c.id) ended: \(reason)", reason: reason.description)
        }
        peer.closeWhenDrained(.local("other hop #\(c.id) closed: \(reason)"))
    }
}
