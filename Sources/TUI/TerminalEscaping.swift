import FrameCore

/// The one rule for text entering the screen: a character Python's `str.isprintable()` rejects
/// (C0 and C1 controls, DEL, bidi overrides and other format characters, separators) is drawn
/// as `repr` writes it (`\x1b`, `\x9b`, `\u202e`) — FrameCore's `PythonRepr` rule, the same the
/// logs and the CLI use.
///
/// Everything a peer sends (replies, header values, error reasons, addresses) reaches the grid
/// through `Grid.put`, which applies this rule, so an ESC sequence in a reply cannot retitle,
/// recolour or move the user's terminal, and a right-to-left override cannot reorder what the
/// audience reads.
public enum TerminalEscaping {
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        !PythonRepr.isPrintable(scalar)
    }

    /// The escaped form of `character`, or nil when it can be drawn as it is.
    public static func escaped(_ character: Character) -> String? {
        // Printable ASCII, the common case, without looking up Unicode properties.
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return nil }
        guard character.unicodeScalars.contains(where: needsEscape) else { return nil }
        return PythonRepr.escaped(String(character))
    }

    /// How the user's own text (the composer's line) is drawn: by the same rule, except that an
    /// emoji ZWJ sequence keeps its joiners, so the 👩‍💻 the user typed or pasted looks like
    /// emoji instead of `👩\u200d💻`. Only a joiner standing between two emoji parts is let
    /// through (a lone, leading or trailing one, or one after a letter, stays `\u200d`), and every
    /// other invisible or bidi character stays escaped; peer text never takes this path.
    public static func escapedOwnText(_ character: Character) -> String? {
        isEmojiZWJSequence(character) ? nil : escaped(character)
    }

    /// True when every character the rule would escape in `character` is a ZWJ with an emoji
    /// part on each side: an emoji before it (possibly followed by a skin-tone modifier or VS16)
    /// and an emoji after it. ASCII digits, `#` and `*` (emoji only as keycap bases) do not count.
    static func isEmojiZWJSequence(_ character: Character) -> Bool {
        let scalars = Array(character.unicodeScalars)
        guard scalars.count >= 3, scalars.contains("\u{200D}") else { return false }
        for (i, scalar) in scalars.enumerated() where needsEscape(scalar) {
            guard scalar == "\u{200D}", i > 0, i + 1 < scalars.count,
                  isEmojiPart(scalars[i + 1]) else { return false }
            var before = i - 1
            while before > 0, scalars[before].properties.isEmojiModifier || scalars[before] == "\u{FE0F}" { before -= 1 }
            guard isEmojiPart(scalars[before]) else { return false }
        }
        return true
    }

    private static func isEmojiPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x7F && scalar.properties.isEmoji && !scalar.properties.isEmojiModifier
    }

    /// `text` with every character escaped as it will be drawn.
    public static func escaped(_ text: String) -> String {
        PythonRepr.escaped(text)
    }
}
