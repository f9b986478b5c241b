/// Python's `repr()` of bytes and strings, because the tutorial's client prints replies with it
/// (`Got response: b'First 10 bytes of request: binary\xf0\x9f\x98\x83'`) and ours must print
/// the same line.
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

    /// `repr(str)`: printable characters as they are, the rest escaped.
    public static func string(_ s: String) -> String {
        let quote: Unicode.Scalar = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case quote, "\\": out += "\\" + String(scalar)
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case let c where c.value < 0x20 || (0x7F...0xA0).contains(c.value):
                out += "\\x" + hex2(UInt8(c.value))
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + String(quote)
    }

    /// A byte for an error sentence: `'{'` when printable, `0x00` otherwise.
    public static func byteDescription(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + hex2(byte)
    }

    /// Two lowercase hex digits.
    public static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
