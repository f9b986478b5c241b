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

    /// `text` with every character escaped as it will be drawn.
    public static func escaped(_ text: String) -> String {
        PythonRepr.escaped(text)
    }
}
