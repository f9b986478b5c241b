/// Where `socketlab tour` stands: the script and the current step. The panel it draws over the
/// byte dump's place says what to look at; the panes around it stay live.
public struct TourState: Equatable, Sendable {
    public let tour: Tour
    public private(set) var index = 0

    public init(tour: Tour) {
        self.tour = tour
    }

    public var current: TourStep { tour.steps[index] }

    /// Moves by `delta` steps, kept inside the tour; returns whether the step changed.
    public mutating func move(_ delta: Int) -> Bool {
        let next = min(max(0, index + delta), tour.steps.count - 1)
        defer { index = next }
        return next != index
    }

    /// Paragraphs word-wrapped to `width` columns (a word longer than the line is cut by the grid).
    static func wrap(_ paragraphs: [String], width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in paragraphs {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, DisplayWidth.of(line) + 1 + DisplayWidth.of(String(word)) > width {
                    lines.append(line)
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            lines.append(line)
        }
        return lines
    }

    /// The panel: a box over `r` with the step's title, its text and the keys.
    func draw(into grid: inout Grid, _ r: Rect, stepping: Bool, theme: Theme) {
        guard r.height >= 3, r.width >= 20 else { return }
        let frame = theme.title
        grid.fill(x: r.x, y: r.y, width: r.width, height: r.height)
        let title = " Tour \(index + 1)/\(tour.steps.count) · \(current.mode.rawValue): \(current.title) "
        grid.put("┌" + String(repeating: "─", count: r.width - 2) + "┐", x: r.x, y: r.y, style: frame)
        grid.put(title, x: r.x + 2, y: r.y, style: frame, maxWidth: r.width - 4)
        let keys = (stepping ? " space wake-up " : "") + " n/→ next  p/← back  q quit "
        grid.put("└" + String(repeating: "─", count: r.width - 2) + "┘", x: r.x, y: r.y + r.height - 1, style: frame)
        grid.put(keys, x: r.x + max(2, r.width - 2 - DisplayWidth.of(keys)), y: r.y + r.height - 1, style: frame, maxWidth: r.width - 4)
        let lines = Self.wrap(current.text, width: r.width - 4)
        for row in 0..<(r.height - 2) {
            grid.put("│", x: r.x, y: r.y + 1 + row, style: frame)
            grid.put("│", x: r.x + r.width - 1, y: r.y + 1 + row, style: frame)
            if row < lines.count { grid.put(lines[row], x: r.x + 2, y: r.y + 1 + row, maxWidth: r.width - 4) }
        }
    }
}
