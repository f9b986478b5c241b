import FrameCore

/// `render(state, size) -> Grid`: the whole screen, drawn from scratch each frame (ratatui's
/// way); the curses layer sends only the cells that changed.
public enum Renderer {
    public static func render(_ state: TUIState, width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        let layout = state.layout(width: width, height: height)
        let theme = Theme(state)
        if layout.isTooSmall {
            drawTooSmall(&grid, theme: theme)
            return grid
        }
        drawTitle(state, &grid, layout.title, theme)
        // A zoomed layout leaves the other middle panes no room: they are not drawn.
        if layout.connections.height > 0 { drawConnections(state, &grid, layout.connections, theme) }
        if layout.dump.height > 0 { drawDump(state, &grid, layout.dump, theme) }
        if layout.decoded.height > 0 { drawDecoded(state, &grid, layout.decoded, theme) }
        if layout.events.height > 0 { drawEvents(state, &grid, layout.events, theme) }
        drawComposer(state, &grid, layout.composer, theme)
        drawStatus(state, &grid, layout.status, theme)
        if let tour = state.tour, state.zoomed == nil { tour.draw(into: &grid, layout.dump, stepping: state.stepping, theme: theme) }
        if state.showHelp { HelpOverlay.draw(into: &grid, theme: theme, scroll: state.helpScroll) }
        return grid
    }

    static func drawTooSmall(_ grid: inout Grid, theme: Theme) {
        let lines = [
            "Terminal too small: \(grid.width)×\(grid.height).",
            "SocketLab needs at least \(Layout.minimumWidth)×\(Layout.minimumHeight).",
            "Enlarge the window, or press q to quit.",
        ]
        let top = max(0, (grid.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let x = max(0, (grid.width - DisplayWidth.of(line)) / 2)
            grid.put(line, x: x, y: top + i, style: i == 0 ? theme.error : .plain)
        }
    }

    static func drawTitle(_ state: TUIState, _ grid: inout Grid, _ r: Rect, _ theme: Theme) {
        grid.fill(x: r.x, y: r.y, width: r.width, height: 1, style: theme.title)
        let open = state.shown.connections.filter { !$0.isClosed && $0.side != .listener }.count
        // A replay is not live: its position is in the status bar.
        let right = state.isPaused ? "❚❚ PAUSED " : state.replayPosition != nil ? "◀▶ replay " : "● live "
        let dropped = state.shown.droppedConnections
        let left = " SocketLab │ \(state.origin) \(state.shown.target) │ \(state.mode.rawValue) │ \(open) open, \(state.shown.connections.count) listed"
            + (dropped > 0 ? " (… \(Int.grouped(dropped)) older not kept)" : "")
        grid.put(left, x: r.x, y: r.y, style: theme.title, maxWidth: r.width - DisplayWidth.of(right) - 1)
        grid.put(right, x: r.x + r.width - DisplayWidth.of(right), y: r.y, style: theme.title)
    }

    static func paneHeader(_ grid: inout Grid, _ r: Rect, _ pane: Pane, _ state: TUIState, _ theme: Theme, extra: String = "") {
        let focused = state.focus == pane
        grid.fill(x: r.x, y: r.y, width: r.width, height: 1, style: theme.header(focused: focused))
        grid.put(" \(pane.rawValue) " + extra, x: r.x, y: r.y, style: theme.header(focused: focused), maxWidth: r.width)
    }

    /// Where a scrolled pane stands, e.g. "rows 10–29 of 134"; empty when everything fits.
    static func position(top: Int, shown: Int, total: Int) -> String {
        guard total > shown, shown > 0 else { return "" }
        return "rows \(Int.grouped(top + 1))–\(Int.grouped(min(total, top + shown))) of \(Int.grouped(total))"
    }

    /// Writes `text` at the right end of a pane's header row.
    static func paneMarker(_ grid: inout Grid, _ r: Rect, _ pane: Pane, _ state: TUIState, _ theme: Theme, _ text: String) {
        guard !text.isEmpty else { return }
        let w = DisplayWidth.of(text) + 1
        grid.put(text + " ", x: r.x + max(0, r.width - w), y: r.y, style: theme.header(focused: state.focus == pane), maxWidth: r.width)
    }

    // MARK: Connections

    /// Widths of the flexible columns once the numeric ones (sized to their content) are placed.
    static func connectionColumns(width: Int, numbers: [Int]) -> (peer: Int, state: Int, interest: Int) {
        // side 3, plus one separator after each of the numeric columns and side.
        let fixed = numbers.reduce(0, +) + 3 + numbers.count + 1
        let interest = width >= 100 ? 10 : 0
        let flexible = width - fixed - 1 - (interest > 0 ? interest + 1 : 0)
        let peer = min(21, max(15, flexible / 3))
        return (peer, max(8, flexible - peer - 1), interest)
    }

    static func connectionRow(_ cells: [String], widths: [Int], rightAligned: Set<Int>) -> String {
        zip(cells, widths).enumerated().map { i, pair in
            let (text, w) = pair
            let clipped = DisplayWidth.of(text) > w ? String(text.prefix(max(0, w - 1))) + "…" : text
            let pad = String(repeating: " ", count: max(0, w - DisplayWidth.of(clipped)))
            return rightAligned.contains(i) ? pad + clipped : clipped + pad
        }.joined(separator: " ")
    }

    static func drawConnections(_ state: TUIState, _ grid: inout Grid, _ r: Rect, _ theme: Theme) {
        let connections = state.shown.connections
        let rows = r.body
        let top = state.connectionsTop(rows: rows.height)
        let shown = connections[top..<min(connections.count, top + rows.height)]
        func digits(_ n: Int) -> Int { String(n).count }
        // Numbers are never cut: ids of 10,000 and more, and byte counts of big replies, widen
        // their column instead (the peer and state columns give way).
        let idWidth = max(4, digits(connections.last?.id ?? 0))
        var countWidths = [6, 6, 5, 5, 6, 6]
        for v in shown {
            let numbers: [Int] = [v.sent.total, v.received.total, v.stats.sendQueue, v.stats.receiveBuffer,
                                  v.stats.kernelRecvQ, v.stats.kernelSendQ]
            for (i, n) in numbers.enumerated() { countWidths[i] = max(countWidths[i], digits(n)) }
        }
        let c = connectionColumns(width: r.width, numbers: [idWidth] + countWidths)
        var widths = [idWidth, 3, c.peer, c.state]
        // Where the list stands goes in the state column's heading (the header row is full of
        // column names): in words when it fits, compact ("11–29/134") in a narrow column.
        var stateHeading = "state"
        let marker = position(top: top, shown: rows.height, total: connections.count)
        if !marker.isEmpty {
            let end = min(connections.count, top + rows.height)
            stateHeading = DisplayWidth.of(marker) <= c.state ? marker : "\(top + 1)–\(end)/\(connections.count)"
        }
        var headings = ["#", "", "peer", stateHeading]
        if c.interest > 0 { widths.append(c.interest); headings.append("interest") }
        widths += countWidths
        headings += ["out", "in", "SndQ", "RcvB", "Recv-Q", "Send-Q"]
        let right = Set((widths.count - 6)..<widths.count).union([0])
        paneHeader(&grid, r, .connections, state, theme)
        let titleWidth = DisplayWidth.of(" \(Pane.connections.rawValue) ")
        let headingText = connectionRow(headings, widths: widths, rightAligned: right)
        grid.put(String(headingText.dropFirst(min(titleWidth, headingText.count))), x: r.x + titleWidth, y: r.y,
                 style: theme.header(focused: state.focus == .connections), maxWidth: r.width - titleWidth)
        guard !connections.isEmpty else {
            grid.put("No connections yet: type `\(state.mode.example)` below and press Enter.", x: r.x + 1, y: rows.y, style: theme.dim, maxWidth: rows.width - 1)
            return
        }
        let selectedIndex = state.selectedConnection.flatMap(state.shown.index(of:))
        for (row, i) in shown.indices.enumerated() {
            let v = connections[i]
            var cells = ["\(v.id)", v.side.abbreviation, v.peer, v.stateText]
            if c.interest > 0 { cells.append(v.isClosed ? "-" : v.interest) }
            cells += [v.sent.total, v.received.total, v.stats.sendQueue, v.stats.receiveBuffer, v.stats.kernelRecvQ, v.stats.kernelSendQ].map(String.init)
            let text = connectionRow(cells, widths: widths, rightAligned: right)
            var style: CellStyle = v.error != nil ? theme.error : (v.isClosed ? theme.dim : .plain)
            if i == selectedIndex { style = state.focus == .connections ? theme.selectedRow : CellStyle(bold: true, underline: true) }
            grid.put(text, x: r.x, y: rows.y + row, style: style, maxWidth: r.width)
        }
        // Only listening sockets so far: the hint goes under their rows.
        if connections.allSatisfy({ $0.side == .listener }), shown.count < rows.height {
            grid.put("No connections yet: type `\(state.mode.example)` below and press Enter.", x: r.x + 1, y: rows.y + shown.count,
                     style: theme.dim, maxWidth: rows.width - 1)
        }
    }

    // MARK: Dump, decoded, events

    static func drawDump(_ state: TUIState, _ grid: inout Grid, _ r: Rect, _ theme: Theme) {
        let title = state.selected.map { "of connection \($0.id) (\($0.side.word) side)" } ?? ""
        paneHeader(&grid, r, .dump, state, theme, extra: title)
        let rows = r.body
        guard let view = DumpLines.view(state, width: rows.width) else {
            DumpLines.placeholder(state).draw(into: &grid, x: rows.x, y: rows.y, width: rows.width)
            return
        }
        // Only the rows on screen are built, whatever the rings hold.
        let visible: [StyledLine]
        let total = view.count
        if let scroll = state.dumpScroll {
            let top = min(scroll, max(0, total - rows.height))
            visible = view.lines(top..<top + rows.height)
            paneMarker(&grid, r, .dump, state, theme, position(top: top, shown: rows.height, total: total))
        } else {
            visible = Array(view.fitted(height: rows.height).prefix(rows.height))
            if total > rows.height { paneMarker(&grid, r, .dump, state, theme, "following, \(Int.grouped(total)) rows") }
        }
        for (row, line) in visible.enumerated() {
            line.draw(into: &grid, x: rows.x, y: rows.y + row, width: rows.width)
        }
    }

    static func drawDecoded(_ state: TUIState, _ grid: inout Grid, _ r: Rect, _ theme: Theme) {
        paneHeader(&grid, r, .decoded, state, theme, extra: state.focus == .decoded ? "↑↓ highlights bytes" : "")
        let lines = DecodedLines.build(state)
        let rows = r.body
        let top = state.decodedTop(rows: rows.height)
        paneMarker(&grid, r, .decoded, state, theme, position(top: top, shown: rows.height, total: lines.count))
        for (row, line) in lines.dropFirst(top).prefix(rows.height).enumerated() {
            line.text.draw(into: &grid, x: rows.x + 1, y: rows.y + row, width: rows.width - 1)
            if state.selectedField == top + row {
                grid.restyle(x: rows.x, y: rows.y + row, count: rows.width, style: theme.selectedRow)
            }
        }
    }

    static func drawEvents(_ state: TUIState, _ grid: inout Grid, _ r: Rect, _ theme: Theme) {
        let events = state.showSelector ? state.shown.selectorLog : state.shown.events
        let rows = r.body
        // Scrolled up at most until the oldest line is at the top: Home shows a full page.
        let up = min(state.eventsScroll, max(0, events.count - rows.height))
        let end = max(0, events.count - up)
        let start = max(0, end - rows.height)
        let view = state.showSelector ? "(selector: wake-ups and register/modify/unregister) " : ""
        paneHeader(&grid, r, .events, state, theme, extra: view + (up > 0 ? "(\(up) newer below)" : ""))
        paneMarker(&grid, r, .events, state, theme, position(top: start, shown: rows.height, total: events.count))
        for (row, i) in (start..<end).enumerated() {
            let e = events[i]
            var line = StyledLine()
            line.append(" " + e.clock + " ", theme.dim)
            line.append(e.connection.map { "#\($0) " } ?? "", theme.emphasis)
            line.append(e.text, e.level == .error ? theme.error : .plain)
            line.draw(into: &grid, x: rows.x, y: rows.y + row, width: rows.width)
        }
    }

    // MARK: Composer and status

    static func drawComposer(_ state: TUIState, _ grid: inout Grid, _ r: Rect, _ theme: Theme) {
        let focused = state.focus == .composer
        let prompt = " \(state.mode.rawValue)> "
        grid.put(prompt, x: r.x, y: r.y, style: theme.header(focused: focused))
        let x = r.x + DisplayWidth.of(prompt) + 1
        if state.composer.text.isEmpty, !focused {
            grid.put(state.mode.placeholder, x: x, y: r.y, style: theme.dim, maxWidth: r.width - x)
            return
        }
        // Only the characters on screen are measured, walking back from the cursor: a paste of
        // 100,000 characters (the line's limit) is redrawn after every batch of keys, and
        // measuring the whole line each time made pasting quadratic (120,000 took 6.6 s).
        let text = state.composer.text
        let composer = state.composer
        let cursor = composer.cursor == composer.count ? text.endIndex : text.index(text.startIndex, offsetBy: composer.cursor)
        let room = r.width - x - 1
        var start = cursor
        var used = 0
        while start > text.startIndex {
            let previous = text.index(before: start)
            used += DisplayWidth.of(text[previous], ownText: true)
            if used > room { break }
            start = previous
        }
        var column = x
        var i = start
        while i < text.endIndex, column < r.width {
            let style = focused && i == cursor ? CellStyle(reverse: true) : CellStyle.plain
            column += grid.put(String(text[i]), x: column, y: r.y, style: style, maxWidth: r.width - column, ownText: true)
            i = text.index(after: i)
        }
        if focused, cursor == text.endIndex, column < r.width {
            grid.put(" ", x: column, y: r.y, style: CellStyle(reverse: true))
        }
    }

    static func drawStatus(_ state: TUIState, _ grid: inout Grid, _ r: Rect, _ theme: Theme) {
        grid.fill(x: r.x, y: r.y, width: r.width, height: 1, style: theme.status)
        var right = ""
        if let chunk = state.chunk { right += " chunk \(chunk.size)B/\(chunk.delayMilliseconds)ms " }
        if state.isPaused { right += " PAUSED " }
        if let recording = state.recording { right += " \(recording) " }
        if let replay = state.replayPosition { right += " \(replay) " }
        if state.stepping { right += state.tour == nil ? " STEP: n = next wake-up " : " STEP: space = next wake-up " }
        let keys: String
        switch state.focus {
        case .composer: keys = " ⏎ send  ↑↓ history  Esc leave  Tab pane  F1 help  ^C quit"
        // The queue columns' legend where they are looked at; `?` has the long version.
        case .connections: keys = " SndQ send queue  RcvB decoder  Recv-Q/Send-Q kernel (ss)  Tab pane  ? help  q quit"
        default: keys = " Tab pane  ↑↓ PgUp PgDn move  [ ] message  p pause  i type  ? help  q quit"
        }
        let left = state.status.map { " " + $0 + " │" } ?? ""
        var x = r.x
        if !left.isEmpty { x += grid.put(left, x: x, y: r.y, style: theme.statusMessage, maxWidth: r.width - DisplayWidth.of(right)) }
        grid.put(keys, x: x, y: r.y, style: theme.status, maxWidth: r.width - DisplayWidth.of(right) - x)
        if !right.isEmpty { grid.put(right, x: r.x + r.width - DisplayWidth.of(right), y: r.y, style: theme.notice) }
    }
}
