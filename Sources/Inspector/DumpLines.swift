import FrameCore

/// The byte dump of the selected connection as lines: for each direction (request first) a
/// header with the decoder's position, then 16 bytes a row — offset, lowercase hex, text —
/// every byte styled by its frame part; the selected decoded field is highlighted.
public enum DumpLines {
    public static let bytesPerRow = 16

    public static func build(_ state: InspectorState, width: Int) -> [StyledLine] {
        let theme = Theme(colors: state.colors)
        guard let connection = state.selected else {
            return [StyledLine("No connection selected: type a request below and press Enter.", style: theme.dim)]
        }
        let highlight = DecodedLines.highlightedRange(state)
        var lines: [StyledLine] = []
        for direction in order(connection.side) {
            let stream = connection.stream(direction)
            lines.append(header(stream, theme: theme))
            if stream.firstOffset > 0 {
                lines.append(StyledLine("   … \(stream.firstOffset) earlier bytes not kept", style: theme.dim))
            }
            lines += rows(stream, theme: theme, highlight: highlight?.direction == direction ? highlight?.range : nil)
        }
        return lines
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
        if let failure = stream.failure {
            line.append("  ✗ \(failure)", theme.error)
        } else if let progress = stream.progress {
            line.append("  decoding \(progress)", theme.notice)
        }
        return line
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
                text.append((0x20..<0x7F).contains(byte.value) ? String(Unicode.Scalar(byte.value)) : ".", style)
            }
            line.append("  ")
            line.runs += text.runs
            lines.append(line)
            rowStart += bytesPerRow
        }
        return lines
    }
}
