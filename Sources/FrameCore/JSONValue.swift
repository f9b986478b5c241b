/// A parsed JSON value that keeps what Foundation's parsers throw away.
///
/// Numbers keep their exact text, so `41`, `41.0`, `4.1e1` and `"41"` stay distinguishable
/// (only the first is a valid `content-length`); objects keep their members in wire order with
/// byte spans, so a header can be shown and highlighted as it was sent.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's JSON text, exactly as it appeared.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The value of `key` in an object (the last one, as Python's `json.loads` keeps), else nil.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// "an object", "a string", … — for error sentences.
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value as JSON text, in Python's `json.dumps(..., ensure_ascii=False)` style
    /// (`", "` and `": "` separators), which is what the tutorial's programs put on the wire.
    public var jsonText: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(text): return text
        case let .string(s): return JSONValue.quoted(s)
        case let .array(items): return "[" + items.map(\.jsonText).joined(separator: ", ") + "]"
        case let .object(members):
            return "{" + members.map { JSONValue.quoted($0.key) + ": " + $0.value.jsonText }.joined(separator: ", ") + "}"
        }
    }

    /// What Python's `str()` prints for the decoded value: the tutorial formats replies such as
    /// `No match for '{value}'.` with it, so ours must print `True`, `None`, `['a', 1]` the same way.
    public var pythonStr: String {
        if case let .string(s) = self { return s }
        return pythonRepr
    }

    /// Python's `repr()` of the decoded value.
    public var pythonRepr: String {
        switch self {
        case .null: return "None"
        case let .bool(b): return b ? "True" : "False"
        case let .number(text):
            let isInteger = !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
            // Python's int has no negative zero: `-0` is 0.
            if isInteger { return text == "-0" ? "0" : text }
            guard let d = Double(text) else { return text }
            // Its float has one: `-0.0`, `-0e5` and `-1e-400` are -0.0 (Int64 would drop the sign).
            if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
            if d == d.rounded(), abs(d) < 1e16 { return String(Int64(d)) + ".0" }
            return String(d)
        case let .string(s): return PythonRepr.string(s)
        case let .array(items): return "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
        case let .object(members):
            return "{" + members.map { PythonRepr.string($0.key) + ": " + $0.value.pythonRepr }.joined(separator: ", ") + "}"
        }
    }

    /// The value indented over several lines with UTF-8 shown as characters, for the decoded view.
    public func prettyLines(indent: Int = 2) -> [String] {
        var lines: [String] = []
        pretty(into: &lines, prefix: "", level: 0, indent: indent, trailingComma: false)
        return lines
    }

    private func pretty(into lines: inout [String], prefix: String, level: Int, indent: Int, trailingComma: Bool) {
        let pad = String(repeating: " ", count: level * indent)
        let comma = trailingComma ? "," : ""
        switch self {
        case let .array(items) where !items.isEmpty:
            lines.append(pad + prefix + "[")
            for (i, item) in items.enumerated() {
                item.pretty(into: &lines, prefix: "", level: level + 1, indent: indent, trailingComma: i < items.count - 1)
            }
            lines.append(pad + "]" + comma)
        case let .object(members) where !members.isEmpty:
            lines.append(pad + prefix + "{")
            for (i, m) in members.enumerated() {
                m.value.pretty(into: &lines, prefix: JSONValue.quoted(m.key) + ": ", level: level + 1, indent: indent,
                               trailingComma: i < members.count - 1)
            }
            lines.append(pad + "}" + comma)
        default:
            lines.append(pad + prefix + jsonText + comma)
        }
    }

    /// A JSON string literal as Python's `json.dumps(..., ensure_ascii=False)` writes it.
    public static func quoted(_ s: String) -> String {
        // Most strings need no escape: one scan of the UTF-8, then one concatenation.
        if !needsEscape(s) {
            return "\"" + s + "\""
        }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Appends `quoted(s)` as UTF-8 to `out`, without building the intermediate string when
    /// nothing needs escaping (the reply path of the server).
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        if !needsEscape(s) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: quoted(s).utf8)
        }
    }

    /// True if `s` holds a quote, a backslash or a control character.
    private static func needsEscape(_ s: String) -> Bool {
        func special(_ byte: UInt8) -> Bool { byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }
        return s.utf8.withContiguousStorageIfAvailable { buffer in buffer.contains(where: special) }
            ?? s.utf8.contains(where: special)
    }
}
