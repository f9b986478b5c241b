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
        let quote: UInt8 = s.utf8.contains(UInt8(ascii: "'")) && !s.utf8.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var text = s
        return text.withUTF8 { utf8 in
            var out: [UInt8] = [quote]
            out.reserveCapacity(utf8.count + 2)
            _ = appendEscaped(utf8, quote: quote, maxBytes: .max, to: &out)
            out.append(quote)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `s` with every character that is not printable (in Python's sense) written as `repr` writes
    /// it, and everything else (quotes and backslashes included) unchanged; so text that is
    /// already safe comes back as it is, and escaping twice changes nothing. With `maxBytes`,
    /// output stops after about that many UTF-8 bytes and says how many bytes of `s` it left out.
    public static func escaped(_ s: String, maxBytes: Int = .max) -> String {
        var text = s
        return text.withUTF8 { utf8 in
            if utf8.count <= maxBytes, utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return s }
            var out: [UInt8] = []
            out.reserveCapacity(min(utf8.count, maxBytes) + 16)
            let stoppedAt = appendEscaped(utf8, quote: nil, maxBytes: maxBytes, to: &out)
            let escaped = String(decoding: out, as: UTF8.self)
            return stoppedAt < utf8.count ? escaped + " … \(utf8.count - stoppedAt) more bytes" : escaped
        }
    }

    /// The loop behind `string` and `escaped`, on the UTF-8 of a String (so valid UTF-8): runs of
    /// printable bytes are copied at once, each other character escaped, and `quote` and `\`
    /// too when quoting. Stops once `out` holds `maxBytes`; returns how many input bytes it used.
    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, quote: UInt8?, maxBytes: Int, to out: inout [UInt8]) -> Int {
        var run = 0  // first printable byte not yet copied
        var i = 0
        func flush() { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i])) }
        while i < utf8.count {
            if out.count + (i - run) >= maxBytes {
                flush()
                return i
            }
            let lead = utf8[i]
            if lead >= 0x20 && lead < 0x7F {
                if let quote, lead == quote || lead == UInt8(ascii: "\\") {
                    flush()
                    out.append(UInt8(ascii: "\\"))
                    out.append(lead)
                    run = i + 1
                }
                i += 1
                continue
            }
            let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var value = width == 1 ? UInt32(lead) : UInt32(lead) & (0xFF >> (width + 1))
            var k = 1
            while k < width {
                value = value << 6 | UInt32(utf8[i + k] & 0x3F)
                k += 1
            }
            if let scalar = Unicode.Scalar(value), !isPrintable(scalar) {
                flush()
                out.append(contentsOf: escape(scalar).utf8)
                run = i + width
            }
            i += width
        }
        flush()
        return i
    }

    /// Whether Python's `str.isprintable()` holds for this one character: not a control, format
    /// (bidi overrides, zero-width characters), surrogate, private-use or unassigned character,
    /// and no separator other than the ASCII space.
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 }
        if value < 0x20000 { return printableTable[Int(value >> 6)] & (1 << (value & 63)) != 0 }
        return categoryIsPrintable(scalar)
    }

    /// `isPrintable` for planes 0 and 1 (every modern script and the emoji) as a 16 KiB bit
    /// table built once: a category lookup per character made escaping a 16 MiB line take a second.
    private static let printableTable: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 0x20000 / 64)
        for value in UInt32(0)..<0x20000 {
            if let scalar = Unicode.Scalar(value), categoryIsPrintable(scalar) {
                table[Int(value >> 6)] |= 1 << (value & 63)
            }
        }
        return table
    }()

    private static func categoryIsPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x7F { return scalar.value >= 0x20 }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// A non-printable character as `repr(str)` writes it: `\t \n \r`, else `\xNN`, `\uNNNN` or
    /// `\UNNNNNNNN`.
    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\t": return "\\t"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case _ where scalar.value < 0x100: return "\\x" + hex2(UInt8(scalar.value))
        case _ where scalar.value < 0x10000: return "\\u" + hex(scalar.value, digits: 4)
        default: return "\\U" + hex(scalar.value, digits: 8)
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
