/// The one rule for text entering the screen: characters a terminal would act on instead of
/// showing are drawn as Python's `repr` writes them (`\x1b`, `\x9b`, `\u202e`).
///
/// Everything a peer sends (replies, header values, error reasons, addresses) reaches the grid
/// through `Grid.put`, which applies this rule, so an ESC sequence in a reply cannot retitle,
/// recolour or move the user's terminal, and a right-to-left override cannot reorder what the
/// audience reads. C0 and C1 controls, DEL, the bidirectional overrides, embeddings, isolates
/// and marks, and the line/paragraph separators are escaped; the zero-width joiner and the
/// variation selectors are not, because emoji sequences need them.
public enum TerminalEscaping {
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F..<0xA0: return true
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// The escaped form of `character`, or nil when it can be drawn as it is.
    public static func escaped(_ character: Character) -> String? {
        guard character.unicodeScalars.contains(where: needsEscape) else { return nil }
        var out = ""
        for scalar in character.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                let hex = String(scalar.value, radix: 16)
                let (prefix, digits) = scalar.value < 0x100 ? ("\\x", 2) : ("\\u", 4)
                out += prefix + String(repeating: "0", count: max(0, digits - hex.count)) + hex
            }
        }
        return out
    }

    /// `text` with every character escaped as it will be drawn.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if let e = escaped(character) { out += e } else { out.append(character) }
        }
        return out
    }
}
