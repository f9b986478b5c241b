import FrameCore

extension TUIState {
    /// Feeds one session event into the live data (and the frozen view stays as it was).
    public mutating func apply(_ event: SessionEvent) {
        let id = event.connection
        switch event.kind {
        case let .listening(address, mode):
            live.target = address
            log(event, "\(mode) server listening on \(address)")
        case let .opened(side, peer, local):
            guard let id else { return }
            if side == .listener {
                // A listening socket's row: its address where a connection shows its peer.
                if live.index(of: id) == nil {
                    live.connections.append(ConnectionView(id: id, side: side, peer: local, local: local, framed: mode.framed, limits: limits))
                    trimConnections()
                }
                return
            }
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
            let newFailure = hadFailure ? nil : live.connections[i].stream(direction).failure
            log(event, Self.bytesLine(direction, count: data.count, completed: decoded, newFailure: newFailure),
                level: newFailure != nil ? .error : .info)
        case let .state(text):
            update(id) { $0.state = text }
        case let .interest(text):
            update(id) { $0.interest = text }
        case let .stats(stats):
            update(id) { $0.stats = stats }
        case let .selector(text):
            live.selectorLog.append(LogEntry(time: event.time, connection: nil, text: text, level: .info))
            while live.selectorLog.count > limits.events { live.selectorLog.removeFirst() }
        case let .log(text):
            log(event, text)
        case let .error(text):
            update(id) { $0.error = text }
            // A close and the error that explains it are one happening: one line, "closed: WHY".
            if let id, let last = live.events.last, last.connection == id, last.happening == .close, last.level == .info {
                live.events[live.events.count - 1].text = "closed: " + text
                live.events[live.events.count - 1].level = .error
                return
            }
            log(event, text, level: .error, happening: .error)
        case let .closed(reason):
            update(id) {
                $0.isClosed = true
                // A closed socket has no queues; the last snapshot may predate the close.
                $0.stats.sendQueue = 0
                $0.stats.receiveBuffer = 0
                $0.stats.kernelRecvQ = 0
                $0.stats.kernelSendQ = 0
            }
            if let id, let last = live.events.last, last.connection == id, last.happening == .error {
                live.events[live.events.count - 1].text = "closed: " + last.text
                live.events[live.events.count - 1].happening = .close
                return
            }
            log(event, "closed: \(reason)", happening: .close)
        }
    }

    /// One line for one read or write: its size, the messages it completed, and whether it holds a
    /// bad frame (with the reason for bytes this end sent; for bytes it read, the reading role's
    /// close gives the reason, so the log says it once).
    static func bytesLine(_ direction: SessionEvent.Direction, count: Int, completed: [DecodedMessage], newFailure: FrameError?) -> String {
        var line = (direction == .out ? "wrote " : "read ") + "\(count) byte" + (count == 1 ? "" : "s")
        if !completed.isEmpty {
            let what = completed.map { "message \($0.number) (\($0.header.contentType), \($0.contentLength) bytes of content)" }
            line += ", completing " + what.joined(separator: " and ")
        }
        // Bytes this end sent: nobody else will say what is wrong with them. Bytes it read: the
        // role that read them gives the reason when it closes (a tap relays without decoding, and
        // then the Bytes and Decoded panes show it).
        if let newFailure { line += direction == .out ? ": ✗ not a valid frame: \(newFailure)" : ": ✗ not a valid frame" }
        return line
    }

    private mutating func update(_ id: Int?, _ body: (inout ConnectionView) -> Void) {
        guard let id, let i = live.index(of: id) else { return }
        body(&live.connections[i])
    }

    mutating func log(_ event: SessionEvent, _ text: String, level: LogEntry.Level = .info, happening: LogEntry.Happening = .other) {
        var entry = LogEntry(time: event.time, connection: event.connection, text: text, level: level)
        entry.happening = happening
        live.events.append(entry)
        while live.events.count > limits.events { live.events.removeFirst() }
    }

    /// Keeps at most `limits.connections`: the oldest closed ones go first, then the oldest
    /// open ones, never the selected one; the list counts what it dropped.
    private mutating func trimConnections() {
        let excess = live.connections.count - limits.connections
        guard excess > 0 else { return }
        let keep = selectedConnection
        var victims: Set<Int> = []
        for c in live.connections where c.isClosed && c.id != keep && victims.count < excess { victims.insert(c.id) }
        for c in live.connections where !c.isClosed && c.id != keep && victims.count < excess { victims.insert(c.id) }
        live.connections.removeAll { victims.contains($0.id) }
        live.droppedConnections += victims.count
    }

    mutating func select(_ id: Int) {
        selectedConnection = id
        selectedMessage = nil
        selectedField = nil
        dumpScroll = nil
    }
}
