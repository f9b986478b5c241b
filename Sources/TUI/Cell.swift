/// One terminal cell: a character (a grapheme cluster) and its style. A wide character (emoji,
/// CJK) occupies its cell and the next, which holds an empty `text` as a continuation.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: CellStyle

    public init(text: String = " ", style: CellStyle = .plain) {
        self.text = text
        self.style = style
    }

    /// True for the right half of a wide character.
    public var isContinuation: Bool { text.isEmpty }

    public static let blank = Cell()
}
