import FrameCore

/// The decoded view of one message: its proto-header value, each JSON header field, and the
/// content decoded per its type (JSON pretty-printed with UTF-8 shown as characters; binary as
/// hex and text). Each line knows the bytes it came from, so selecting it highlights them.
public enum DecodedLines {
    public struct Line: Equatable, Sendable {
        public var text: StyledLine
        /// The stream bytes this line describes.
        public var source: (direction: SessionEvent.Direction, range: Range<Int>)?

        public static func == (a: Line, b: Line) -> Bool {
            a.text == b.text && a.source?.direction == b.source?.direction && a.source?.range == b.source?.range
        }
    }

    /// The selected connection's complete messages, request direction first.
    public static func messages(of connection: ConnectionView?) -> [DecodedMessage] {
        guard let connection else { return [] }
        return DumpLines.order(connection.side).flatMap { Array(connection.stream($0).messages) }
    }

    /// The message the view shows: the selected one, else the newest.
    public static func current(_ state: TUIState) -> DecodedMessage? {
        let all = messages(of: state.selected)
        guard !all.isEmpty else { return nil }
        return all[min(state.selectedMessage ?? all.count - 1, all.count - 1)]
    }

    public static func build(_ state: TUIState) -> [Line] {
        let theme = Theme(state)
        guard let connection = state.selected else { return [] }
        guard let m = current(state) else {
            var lines: [Line] = []
            for direction in DumpLines.order(connection.side) {
                let stream = connection.stream(direction)
                if let failure = stream.failure {
                    lines.append(Line(text: StyledLine("✗ \(failure)", style: theme.error)))
                } else if let progress = stream.progress {
                    lines.append(Line(text: StyledLine("decoding \(direction == .out ? "sent" : "received") message: \(progress.displayText)", style: theme.notice)))
                }
            }
            if lines.isEmpty {
                let text = state.mode.framed ? "No complete message yet." : "\(state.mode.rawValue) traffic is raw bytes, not framed messages."
                lines.append(Line(text: StyledLine(text, style: theme.dim)))
            }
            return lines
        }
        let d = m.direction
        let base = m.startOffset
        let headerStart = base + 2
        var lines: [Line] = []
        var title = StyledLine()
        title.append(d == .out ? "→ sent" : "← received", theme.direction(d))
        title.append(" message \(m.number)  ([ and ] pick another)", theme.dim)
        lines.append(Line(text: title))
        // Wire order, as the dump shows them: proto-header, JSON header fields, then content.
        let hexLength = String(m.headerLength, radix: 16)
        lines.append(Line(text: field("proto-header", "0x" + String(repeating: "0", count: max(0, 4 - hexLength.count)) + hexLength + " = \(m.headerLength)", theme: theme, part: .protoHeader, d),
                          source: (d, base..<headerStart)))
        for member in m.fields {
            lines.append(Line(text: field(member.name + ":", member.value, theme: theme, part: .jsonHeader, d),
                              source: (d, headerStart + member.keyRange.lowerBound..<headerStart + member.valueRange.upperBound)))
        }
        if m.omittedFields > 0, let last = m.fields.last {
            lines.append(Line(text: StyledLine("… \(Int.grouped(m.omittedFields)) more header fields", style: theme.dim),
                              source: (d, headerStart + last.valueRange.upperBound..<headerStart + m.headerLength)))
        }
        let contentStart = headerStart + m.headerLength
        let contentRange = contentStart..<contentStart + m.contentLength
        lines.append(Line(text: field("content", "\(m.header.contentType), \(m.contentLength) bytes", theme: theme, part: .content, d),
                          source: (d, contentRange)))
        for text in contentLines(m) {
            lines.append(Line(text: StyledLine("  " + text, style: theme.part(.content, d)), source: (d, contentRange)))
        }
        return lines
    }

    static func field(_ name: String, _ value: String, theme: Theme, part: FramePart, _ d: SessionEvent.Direction) -> StyledLine {
        var line = StyledLine()
        line.append(name + " ", theme.part(part, d))
        line.append(value)
        return line
    }

    /// JSON pretty-printed, else hex + text rows of the first bytes.
    static func contentLines(_ m: DecodedMessage) -> [String] {
        let message = Message(header: m.header, headerBytes: [], content: m.content)
        if message.isJSON, m.content.count == m.contentLength, let value = try? message.jsonContent() {
            return value.prettyLines()
        }
        var rows: [String] = []
        for start in stride(from: 0, to: min(m.content.count, 128), by: 16) {
            let chunk = m.content[start..<min(m.content.count, start + 16)]
            let hex = chunk.map { PythonRepr.hex2($0) }.joined(separator: " ")
            let text = String(chunk.map(DumpLines.textColumn))
            rows.append(hex.padding(to: 48) + " " + text)
        }
        if m.content.count > 128 { rows.append("… \(m.contentLength - 128) more bytes") }
        if let text = String(validating: m.content.prefix(256), as: UTF8.self), !text.isEmpty, m.content.count <= 256 {
            rows.append("as UTF-8: " + PythonRepr.string(text))
        }
        return rows
    }

    /// The stream range of the selected field, for the dump's highlight.
    static func highlightedRange(_ state: TUIState) -> (direction: SessionEvent.Direction, range: Range<Int>)? {
        guard let index = state.selectedField else { return nil }
        let lines = build(state)
        guard index < lines.count else { return nil }
        return lines[index].source
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
