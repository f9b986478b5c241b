import FrameCore

/// The byte dump of the selected connection as lines: for each direction (request first) a
/// header with the decoder's position, then 16 bytes a row — offset, lowercase hex, text —
/// every byte styled by its frame part; the selected decoded field is highlighted.
public enum DumpLines {
    public static let bytesPerRow = 16

    /// One direction's part of the dump.
    public struct Block: Sendable {
        public var header: StyledLine
        public var rows: [StyledLine]
        /// A message is arriving: its newest rows matter more than its first.
        public var isLive: Bool
    }

    public static func build(_ state: InspectorState, width: Int) -> [StyledLine] {
        guard let blocks = blocks(state) else {
            return [StyledLine("No connection selected: type a request below and press Enter.", style: Theme(colors: state.colors).dim)]
        }
        return blocks.flatMap { [$0.header] + $0.rows }
    }

    /// The dump fitted into `height` rows while following live traffic: every direction keeps its
    /// header and a fair share of rows — the first rows (proto-header, JSON header) of a complete
    /// message, the newest rows of one still arriving — so both directions stay in view at 80×24.
    public static func fitted(_ state: InspectorState, height: Int) -> [StyledLine] {
        guard let blocks = blocks(state) else { return build(state, width: 0) }
        let total = blocks.reduce(0) { $0 + 1 + $1.rows.count }
        guard total > height, !blocks.isEmpty else { return blocks.flatMap { [$0.header] + $0.rows } }
        var budgets = blocks.map(\.rows.count)
        var room = height - blocks.count
        // Hand out rows one at a time to the block with the fewest so far that still wants more.
        var given = Array(repeating: 0, count: blocks.count)
        while room > 0, let i = given.indices.filter({ given[$0] < budgets[$0] }).min(by: { given[$0] < given[$1] }) {
            given[i] += 1
            room -= 1
        }
        budgets = given
        return zip(blocks, budgets).flatMap { block, n in
            [block.header] + (block.isLive ? Array(block.rows.suffix(n)) : Array(block.rows.prefix(n)))
        }
    }

    static func blocks(_ state: InspectorState) -> [Block]? {
        let theme = Theme(colors: state.colors)
        guard let connection = state.selected else { return nil }
        let highlight = DecodedLines.highlightedRange(state)
        return order(connection.side).map { direction in
            let stream = connection.stream(direction)
            var rows: [StyledLine] = []
            if stream.firstOffset > 0 {
                rows.append(StyledLine("   … \(stream.firstOffset) earlier bytes not kept", style: theme.dim))
            }
            rows += self.rows(stream, theme: theme, highlight: highlight?.direction == direction ? highlight?.range : nil)
            return Block(header: header(stream, theme: theme), rows: rows, isLive: stream.progress != nil)
        }
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

    static func rows(_ stream: StreamView, theme: Theme, highlight: Range<Int>?) -> [StyledLine] {
        guard !stream.bytes.isEmpty else { return [] }
        let first = stream.firstOffset - stream.firstOffset % bytesPerRow
        let end = stream.firstOffset + stream.bytes.count
        let offsetDigits = max(4, String(end, radix: 16).count)
        var lines: [StyledLine] = []
        var rowStart = first
        while rowStart < end {
            var line = StyledLine()
            let hexOffset = String(rowStart, radix: 16)
            line.append(" " + String(repeating: "0", count: offsetDigits - hexOffset.count) + hexOffset + "  ", theme.dim)
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
                if let highlight, highlight.contains(offset) { style = theme.highlight }
                line.append(PythonRepr.hex2(byte.value), style)
                text.append(String(textColumn(byte.value)), style)
            }
            line.append("  ")
            line.runs += text.runs
            lines.append(line)
            rowStart += bytesPerRow
        }
        return lines
    }
}
