/// How one cell is drawn. Colours can be switched off (`NO_COLOR`, monochrome terminals); the
/// attributes alone must then still tell the parts apart, so styles pair a colour with bold,
/// underline or reverse where the meaning matters.
public struct CellStyle: Hashable, Sendable {
    public var foreground: TermColor
    public var background: TermColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(foreground: TermColor = .default, background: TermColor = .default, bold: Bool = false,
                underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    public static let plain = CellStyle()
}
