/// The looks the TUI offers (`--theme`, `:theme`).
public enum ThemeName: String, Sendable, CaseIterable {
    /// Colours for a screen at arm's length.
    case `default`
    /// For a projected screen: vivid colours from the 256-colour palette, bold text, and no dim
    /// text for anything a learner must read (dim grey disappears on a washed-out projection).
    case projector
    /// Attributes only (reverse, underline, bold), as with NO_COLOR.
    case mono
}
