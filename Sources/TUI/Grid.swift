/// A screen as a rectangle of cells: what `render(state, size)` produces and the curses layer
/// paints. Tests assert on its lines and cell styles without a terminal (ratatui's idea).
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from (x, y), clipped at `x + maxWidth` and the right edge; wide characters
    /// take two cells and are never split. Returns the columns used.
    ///
    /// Every text reaches the screen through here, so this is where control characters and
    /// bidirectional overrides are turned into visible escapes (`TerminalEscaping`): no cell
    /// ever holds a character the terminal would execute. `ownText` is for the user's own line
    /// only (`TerminalEscaping.escapedOwnText`: emoji ZWJ sequences keep their joiners).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = .plain, maxWidth: Int? = nil,
                             ownText: Bool = false) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var column = x
        for character in text {
            if let escaped = ownText ? TerminalEscaping.escapedOwnText(character) : TerminalEscaping.escaped(character) {
                for c in escaped {
                    guard place(c, column: &column, y: y, limit: limit, style: style) else { return column - x }
                }
            } else {
                guard place(character, column: &column, y: y, limit: limit, style: style) else { break }
            }
        }
        return column - x
    }

    /// Places one safe character at `column`; false when it does not fit before `limit`.
    private mutating func place(_ character: Character, column: inout Int, y: Int, limit: Int, style: CellStyle) -> Bool {
        let w = DisplayWidth.drawn(character)
        if w == 0 { return true }
        if column + w > limit { return false }
        if column >= 0 {
            self[column, y] = Cell(text: String(character), style: style)
            if w == 2 { self[column + 1, y] = Cell(text: "", style: style) }
        }
        column += w
        return true
    }

    /// Sets the style of `count` cells from (x, y), keeping their text.
    public mutating func restyle(x: Int, y: Int, count: Int, style: CellStyle) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + count) { self[column, y].style = style }
    }

    /// Fills a rectangle with blanks of `style`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: CellStyle = .plain) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { self[column, row] = Cell(text: " ", style: style) }
        }
    }

    /// The text of row `y`, as a terminal would show it.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { s += self[x, y].text }
        return s
    }

    /// All rows as text.
    public var lines: [String] { (0..<height).map(line) }
}
