/// A line of text made of styled runs, what panes build before placing them in the grid.
public struct StyledLine: Equatable, Sendable {
    public struct Run: Equatable, Sendable {
        public var text: String
        public var style: CellStyle
    }

    public var runs: [Run] = []

    public init(_ text: String = "", style: CellStyle = .plain) {
        if !text.isEmpty { runs = [Run(text: text, style: style)] }
    }

    /// Adds a run; text in the style of the last run joins it, so a dump row of one part is one run.
    public mutating func append(_ text: String, _ style: CellStyle = .plain) {
        if let last = runs.indices.last, runs[last].style == style {
            runs[last].text += text
        } else {
            runs.append(Run(text: text, style: style))
        }
    }

    public var text: String { runs.map(\.text).joined() }

    /// Draws the line at (x, y), clipped to `width` columns.
    func draw(into grid: inout Grid, x: Int, y: Int, width: Int) {
        var column = x
        for run in runs {
            let left = x + width - column
            guard left > 0 else { return }
            column += grid.put(run.text, x: column, y: y, style: run.style, maxWidth: left)
        }
    }
}
