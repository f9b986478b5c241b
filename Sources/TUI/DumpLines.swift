import FrameCore

/// The byte dump of the selected connection as rows: for each direction (request first) a
/// header with the decoder's position, then 16 bytes a row (32 where the pane is wide enough) —
/// offset, lowercase hex, text — every byte styled by its frame part; the selected decoded
/// field is highlighted.
///
/// The rows are virtual: `View` knows how many there are and builds only the ones asked for,
/// so drawing a frame costs the rows on screen, not the 64 KiB a direction may hold.
public enum DumpLines {
    /// Bytes a row shows in a pane `width` columns wide: 32 where they fit, else 16.
    public static func bytesPerRow(width: Int) -> Int {
        width >= rowWidth(bytesPerRow: 32, offsetDigits: 6) ? 32 : 16
    }

    /// Columns a row takes: " OFFSET  hh hh …  text".
    static func rowWidth(bytesPerRow: Int, offsetDigits: Int) -> Int {
        1 + offsetDigits + 2 + bytesPerRow * 3 - 1 + 2 + bytesPerRow
    }

    /// One direction's part of the dump: its header, a note when older bytes were not kept,
    /// then its byte rows.
    struct Section {
        var stream: StreamView
        var header: StyledLine
        var highlight: Range<Int>?
        /// Stream offset of the first row (a multiple of the row length).
        var firstRowStart: Int
        var byteRows: Int
        var offsetDigits: Int
        var hasNote: Bool { stream.firstOffset > 0 }
        /// Rows under the header.
        var bodyCount: Int { (hasNote ? 1 : 0) + byteRows }
        /// A message is arriving: its newest rows matter more than its first.
        var isLive: Bool { stream.progress != nil }
    }

    /// The dump of one connection as numbered rows, built on demand.
    public struct View {
        var sections: [Section]
        let bytesPerRow: Int
        let theme: Theme

        /// Rows in all, headers included.
        public var count: Int { sections.reduce(0) { $0 + 1 + $1.bodyCount } }

        /// Row `index`, `0..<count`.
        public func line(_ index: Int) -> StyledLine {
            var i = index
            for section in sections {
                if i == 0 { return section.header }
                if i <= section.bodyCount { return body(section, i - 1) }
                i -= 1 + section.bodyCount
            }
            return StyledLine()
        }

        public func lines(_ range: Range<Int>) -> [StyledLine] {
            range.clamped(to: 0..<count).map(line)
        }

        /// Row `i` under a section's header.
        func body(_ section: Section, _ i: Int) -> StyledLine {
            if section.hasNote {
                if i == 0 { return StyledLine("   … \(Int.grouped(section.stream.firstOffset)) earlier bytes not kept", style: theme.dim) }
                return DumpLines.row(section, start: section.firstRowStart + (i - 1) * bytesPerRow, bytesPerRow: bytesPerRow, theme: theme)
            }
            return DumpLines.row(section, start: section.firstRowStart + i * bytesPerRow, bytesPerRow: bytesPerRow, theme: theme)
        }

        /// The rows fitted into `height` while following live traffic: every direction keeps its
        /// header and a fair share of rows — the first rows (proto-header, JSON header) of a
        /// complete message, the newest rows of one still arriving — so both directions stay in
        /// view at 80×24.
        public func fitted(height: Int) -> [StyledLine] {
            guard count > height else { return lines(0..<count) }
            var room = height - sections.count
            var given = Array(repeating: 0, count: sections.count)
            // Hand out rows one at a time to the section with the fewest so far that still wants more.
            while room > 0, let i = given.indices.filter({ given[$0] < sections[$0].bodyCount }).min(by: { given[$0] < given[$1] }) {
                given[i] += 1
                room -= 1
            }
            return zip(sections, given).flatMap { section, n in
                let range = section.isLive ? section.bodyCount - n..<section.bodyCount : 0..<n
                return [section.header] + range.map { body(section, $0) }
            }
        }
    }

    /// The selected connection's dump for a pane `width` columns wide; nil without a selection.
    public static func view(_ state: TUIState, width: Int) -> View? {
        let theme = Theme(state)
        guard let connection = state.selected else { return nil }
        let highlight = DecodedLines.highlightedRange(state)
        let perRow = bytesPerRow(width: width)
        let sections = order(connection.side).map { direction in
            let stream = connection.stream(direction)
            let first = stream.firstOffset - stream.firstOffset % perRow
            let end = stream.firstOffset + stream.bytes.count
            let rows = stream.bytes.isEmpty ? 0 : (end - first + perRow - 1) / perRow
            return Section(stream: stream, header: header(stream, theme: theme),
                           highlight: highlight?.direction == direction ? highlight?.range : nil,
                           firstRowStart: first, byteRows: rows, offsetDigits: max(4, String(end, radix: 16).count))
        }
        return View(sections: sections, bytesPerRow: perRow, theme: theme)
    }

    /// What the pane says when no connection is selected.
    static func placeholder(_ state: TUIState) -> StyledLine {
        StyledLine("No connection selected: type a request below and press Enter.", style: Theme(state).dim)
    }

    /// Every row (for tests and small dumps; the renderer asks `View` for visible rows only).
    public static func build(_ state: TUIState, width: Int) -> [StyledLine] {
        guard let view = view(state, width: width) else { return [placeholder(state)] }
        return view.lines(0..<view.count)
    }

    /// The request's direction first: a client sends it, a server receives it.
    static func order(_ side: SessionEvent.Side) -> [SessionEvent.Direction] {
        side == .client ? [.out, .in] : [.in, .out]
    }

    static func header(_ stream: StreamView, theme: Theme) -> StyledLine {
        var line = StyledLine()
        let arrow = stream.direction == .out ? "→ sent" : "← received"
        line.append("\(arrow) \(stream.total) bytes", theme.direction(stream.direction))
        let complete = stream.messages.last.map { $0.index + 1 } ?? 0
        if stream.framed, complete > 0 { line.append("  \(complete) message\(complete == 1 ? "" : "s")", theme.dim) }
        if let lost = stream.lostBytes {
            line.append("  ✗ \(Int.grouped(lost)) bytes not kept mid-frame: not decoded from there", theme.error)
        } else if let failure = stream.failure {
            line.append("  ✗ \(failure)", theme.error)
        } else if let progress = stream.progress {
            line.append("  decoding \(progress.displayText)", theme.notice)
        }
        return line
    }

    /// How a byte shows in a text column: printable ASCII as itself, anything else as `.`, so
    /// every byte takes exactly one cell (the dump and the decoded view use the same rule).
    static func textColumn(_ byte: UInt8) -> Character {
        (0x20..<0x7F).contains(byte) ? Character(Unicode.Scalar(byte)) : "."
    }

    /// The row of `bytesPerRow` bytes starting at stream offset `start`.
    static func row(_ section: Section, start rowStart: Int, bytesPerRow: Int, theme: Theme) -> StyledLine {
        let stream = section.stream
        let end = stream.firstOffset + stream.bytes.count
        var line = StyledLine()
        let hexOffset = String(rowStart, radix: 16)
        line.append(" " + String(repeating: "0", count: max(0, section.offsetDigits - hexOffset.count)) + hexOffset + "  ", theme.dim)
        var text = StyledLine()
        for column in 0..<bytesPerRow {
            let offset = rowStart + column
            if column > 0 { line.append(" ") }
            guard offset >= stream.firstOffset, offset < end else {
                line.append("  ")
                text.append(" ")
                continue
            }
            let byte = stream.bytes[offset - stream.firstOffset]
            var style = theme.part(byte.part, stream.direction)
            if let highlight = section.highlight, highlight.contains(offset) { style = theme.highlight }
            line.append(PythonRepr.hex2(byte.value), style)
            text.append(String(textColumn(byte.value)), style)
        }
        line.append("  ")
        for run in text.runs { line.append(run.text, run.style) }
        return line
    }
}
