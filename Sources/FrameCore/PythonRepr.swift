/// Python's `repr()` of bytes and strings, because the tutorial's client prints replies with it
/// (`Got response: b'First 10 bytes of request: binary\xf0\x9f\x98\x83'`) and ours must print
/// the same line.
///
/// It is also the one rule for text that came from the network and goes to a person (log
/// lines, error sentences, the TUI's events, a result printed on a terminal): `escaped` writes
/// every character Python's `str.isprintable()` rejects the way `repr` shows it (`\x1b`, `\x9b`,
/// `\u202e`), so a peer cannot retitle, recolour or rewrite the user's terminal, reorder text
/// with bidi controls or forge log lines with a newline.
public enum PythonRepr {
    /// `repr(bytes)`: `b'…'`, or `b"…"` when the bytes hold `'` but no `"`, as CPython chooses.
    public static func bytes<C: Collection>(_ data: C) -> String where C.Element == UInt8 {
        let quote: UInt8 = data.contains(UInt8(ascii: "'")) && !data.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var out = "b" + String(Unicode.Scalar(quote))
        for byte in data {
            switch byte {
            case quote, UInt8(ascii: "\\"): out += "\\" + String(Unicode.Scalar(byte))
            case UInt8(ascii: "\t"): out += "\\t"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "\\x" + hex2(byte)
            }
        }
        return out + String(Unicode.Scalar(quote))
    }

    /// `repr(bytes)` of at most the first `limit` bytes, then ` … N more bytes`: for log and
    /// event lines, where a 16 MiB payload would otherwise become a 64 MiB line.
    public static func bytes<C: Collection>(_ data: C, limit: Int) -> String where C.Element == UInt8 {
        guard data.count > limit else { return bytes(data) }
        return bytes(data.prefix(max(0, limit))) + " … \(data.count - max(0, limit)) more bytes"
    }

    /// `repr(str)`: printable characters as they are, the rest escaped as CPython does.
    public static func string(_ s: String) -> String {
        let quote: Unicode.Scalar = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            if scalar == quote || scalar == "\\" {
                out += "\\" + String(scalar)
            } else {
                appendEscaped(scalar, to: &out)
            }
        }
        return out + String(quote)
    }

    /// `s` with every character that is not printable (in Python's sense) written as `repr` writes
    /// it, and everything else (quotes and backslashes included) unchanged; so text that is
    /// already safe comes back as it is, and escaping twice changes nothing. With `maxBytes`,
    /// output stops after about that many UTF-8 bytes and says how many bytes of `s` it left out.
    public static func escaped(_ s: String, maxBytes: Int = .max) -> String {
        if s.utf8.count <= maxBytes, s.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return s }
        var out = ""
        var shown = 0
        for scalar in s.unicodeScalars {
            if out.utf8.count >= maxBytes {
                return out + " … \(s.utf8.count - shown) more bytes"
            }
            appendEscaped(scalar, to: &out)
            shown += UTF8.width(scalar)
        }
        return out
    }

    /// Whether Python's `str.isprintable()` holds for this one character: not a control, format
    /// (bidi overrides, zero-width characters), surrogate, private-use or unassigned character,
    /// and no separator other than the ASCII space.
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x7F { return scalar.value >= 0x20 }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// One character as `repr(str)` writes it (quotes and backslash aside): `\t \n \r`, then
    /// `\xNN`, `\uNNNN` or `\UNNNNNNNN` for the non-printable, the character itself otherwise.
    private static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "\t": out += "\\t"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case _ where isPrintable(scalar): out.unicodeScalars.append(scalar)
        case _ where scalar.value < 0x100: out += "\\x" + hex2(UInt8(scalar.value))
        case _ where scalar.value < 0x10000: out += "\\u" + hex(scalar.value, digits: 4)
        default: out += "\\U" + hex(scalar.value, digits: 8)
        }
    }

    /// A byte for an error sentence: `'{'` when printable, `0x00` otherwise.
    public static func byteDescription(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + hex2(byte)
    }

    /// Two lowercase hex digits.
    public static func hex2(_ byte: UInt8) -> String {
        hex(UInt32(byte), digits: 2)
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
