import FrameCore

extension InspectorState {
    /// Feeds one session event into the live data (and the frozen view stays as it was).
    public mutating func apply(_ event: SessionEvent) {
        let id = event.connection
        switch event.kind {
        case let .listening(address, mode):
            live.target = address
            log(event, "\(mode) server listening on \(address)")
        case let .opened(side, peer, local):
            guard let id else { return }
            if live.index(of: id) == nil {
                live.connections.append(ConnectionView(id: id, side: side, peer: peer, local: local, framed: mode.framed, limits: limits))
                trimConnections()
            }
            if side == .client, !isPaused { select(id) }
            log(event, side == .server ? "accepted connection from \(peer)" : "connecting to \(peer)")
        case let .bytes(direction, data):
            guard let id, let i = live.index(of: id) else { return }
            let hadFailure = live.connections[i].stream(direction).failure != nil
            let decoded: [DecodedMessage]
            if direction == .out {
                decoded = live.connections[i].sent.append(data)
            } else {
                decoded = live.connections[i].received.append(data)
            }
            let what = direction == .out ? "sent" : "received"
            log(event, direction == .out ? "wrote \(data.count) bytes" : "read \(data.count) bytes")
            for m in decoded {
                log(event, "decoded \(what) message \(m.number): \(m.header.contentType), \(m.contentLength) bytes of content")
            }
            if !hadFailure, let failure = live.connections[i].stream(direction).failure {
                log(event, "✗ \(what) bytes are not a valid frame: \(failure)", level: .error)
            }
        case let .state(text):
            update(id) { $0.state = text }
        case let .interest(text):
            update(id) { $0.interest = text }
        case let .stats(stats):
            update(id) { $0.stats = stats }
        case let .log(text):
            log(event, text)
        case let .error(text):
            update(id) { $0.error = text }
            log(event, text, level: .error)
        case let .closed(reason):
            update(id) {
                $0.isClosed = true
                // A closed socket has no queues; the last snapshot may predate the close.
                $0.stats.sendQueue = 0
                $0.stats.receiveBuffer = 0
                $0.stats.kernelRecvQ = 0
                $0.stats.kernelSendQ = 0
            }
            log(event, "closed: \(reason)")
        }
    }

    private mutating func update(_ id: Int?, _ body: (inout ConnectionView) -> Void) {
        guard let id, let i = live.index(of: id) else { return }
        body(&live.connections[i])
    }

    mutating func log(_ event: SessionEvent, _ text: String, level: LogEntry.Level = .info) {
        live.events.append(LogEntry(time: event.time, connection: event.connection, text: text, level: level))
        while live.events.count > limits.events { live.events.removeFirst() }
    }

    /// Keeps at most `limits.connections`, dropping the oldest closed ones first.
    private mutating func trimConnections() {
        while live.connections.count > limits.connections {
            let victim = live.connections.firstIndex(where: { $0.isClosed }) ?? 0
            live.connections.remove(at: victim)
        }
    }

    mutating func select(_ id: Int) {
        selectedConnection = id
        selectedMessage = nil
        selectedField = nil
        dumpScroll = nil
    }
}
