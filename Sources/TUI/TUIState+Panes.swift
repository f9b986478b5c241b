import FrameCore

/// Pane geometry that keys, clicks and drawing must agree on: which row is at the top of a
/// scrolled list, so a click selects the row drawn under the pointer; the mouse wheel; zoom;
/// closing the selected connection.
extension TUIState {
    /// The layout for a screen of this size, with the zoomed pane (if any) filling the middle.
    public func layout(width: Int, height: Int) -> Layout {
        Layout(width: width, height: height, zoom: zoomed)
    }

    /// Index of the first connection row drawn in a list `rows` high: the stored scroll,
    /// moved just enough to show the selected connection.
    func connectionsTop(rows: Int) -> Int {
        let count = shown.connections.count
        var top = min(connectionsScroll, max(0, count - rows))
        if let s = selectedConnection.flatMap(shown.index(of:)), rows > 0 {
            if s < top { top = s }
            if s >= top + rows { top = s - rows + 1 }
        }
        return max(0, top)
    }

    /// Index of the first decoded line drawn in a pane `rows` high: enough to show the selected field.
    func decodedTop(rows: Int) -> Int {
        guard let selected = selectedField, rows > 0, selected >= rows else { return 0 }
        return selected - rows + 1
    }

    /// A click focuses the pane under it and selects the row drawn there.
    mutating func click(x: Int, y: Int, layout: Layout) {
        guard let pane = layout.pane(atX: x, y: y) else { return }
        focus = pane
        let body = layout.rect(of: pane)
        let row = y - body.y - 1
        guard row >= 0 else { return }
        switch pane {
        case .connections:
            let top = connectionsTop(rows: body.height - 1)
            guard top + row < shown.connections.count else { return }
            connectionsScroll = top
            select(shown.connections[top + row].id)
        case .decoded:
            let line = decodedTop(rows: body.height - 1) + row
            if line < DecodedLines.build(self).count { selectedField = line }
        default:
            break
        }
    }

    /// The mouse wheel scrolls the pane under the pointer by `delta` rows (negative: up),
    /// without moving the focus. In the connections list the selection stays on screen.
    mutating func wheel(x: Int, y: Int, delta: Int, layout: Layout) {
        guard let pane = layout.pane(atX: x, y: y) else { return }
        let rows = max(1, layout.rect(of: pane).height - 1)
        switch pane {
        case .connections:
            let count = shown.connections.count
            guard count > 0 else { return }
            let top = min(max(0, connectionsTop(rows: rows) + delta), max(0, count - rows))
            connectionsScroll = top
            let s = selectedConnection.flatMap(shown.index(of:)) ?? top
            let kept = min(max(s, top), min(count, top + rows) - 1)
            if kept != s { select(shown.connections[kept].id) }
        case .dump, .decoded, .events:
            scroll(pane, by: delta, layout: layout)
        case .composer:
            break
        }
    }

    /// Moves a pane's view by `delta` rows: the dump's window, the decoded field, the event log.
    mutating func scroll(_ pane: Pane, by delta: Int, layout: Layout) {
        switch pane {
        case .connections:
            let ids = shown.connections.map(\.id)
            guard !ids.isEmpty else { return }
            let current = selectedConnection.flatMap { ids.firstIndex(of: $0) } ?? ids.count - 1
            select(ids[min(max(0, current + delta), ids.count - 1)])
            connectionsScroll = connectionsTop(rows: max(1, layout.connections.height - 1))
        case .dump:
            // Any move leaves "following" for a fixed window over every row the dump keeps,
            // from the top; selecting a connection follows again.
            guard let view = DumpLines.view(self, width: layout.dump.width) else { return }
            let maxTop = max(0, view.count - max(1, layout.dump.height - 1))
            dumpScroll = min(max(0, (dumpScroll ?? 0) + delta), maxTop)
        case .decoded:
            let count = DecodedLines.build(self).count
            guard count > 0 else { return }
            selectedField = min(max(0, (selectedField ?? -1) + delta), count - 1)
        case .events:
            let maxUp = max(0, shown.events.count - max(1, layout.events.height - 1))
            eventsScroll = min(max(0, min(eventsScroll, maxUp) - delta), maxUp)
        case .composer:
            break
        }
    }

    /// `z`: the focused pane fills the middle of the screen, or everything comes back.
    mutating func toggleZoom() {
        guard focus != .composer else { return }
        zoomed = zoomed == nil ? focus : nil
        status = zoomed.map { "\($0.rawValue) zoomed: z again to show every pane" }
    }

    /// `x`: asks the runtime to close the selected connection, if it is open.
    mutating func closeSelected() -> [TUIAction] {
        guard let connection = selected else {
            status = "no connection selected"
            return []
        }
        guard !connection.isClosed else {
            status = "connection \(connection.id) is already closed"
            return []
        }
        status = "closing connection \(connection.id)"
        return [.close(connection: connection.id)]
    }
}
