import CNCurses
import Glibc
import TUI

/// Painting: the model renders the whole screen every frame; only the cells that differ from
/// the last painted frame are handed to curses (ratatui's idea), which keeps a busy event log
/// from flooding a slow or remote terminal.
extension Terminal {
    /// Draws `grid` and refreshes the screen. Cells beyond the terminal's size are clipped.
    /// After a resize (or a grid of another size) the whole screen is cleared and redrawn.
    public func paint(_ grid: Grid) {
        let (columns, rows) = size
        guard columns > 0, rows > 0 else { return }
        let window = sl_stdscr()
        let previous = (needsFullRepaint || painted?.width != grid.width || painted?.height != grid.height) ? nil : painted
        if previous == nil {
            werase(window)
            clearok(window, true)  // also repaint the physical screen, which may hold junk
        }
        let width = min(grid.width, columns)
        var touchedRows: [Int] = []
        for y in 0..<min(grid.height, rows) {
            var touched = false
            for x in 0..<width {
                let cell = grid[x, y]
                if let previous, previous[x, y] == cell, !Self.wideningChanged(x: x, y: y, grid, previous) { continue }
                draw(cell, x: x, y: y, in: grid, visibleWidth: width)
                touched = true
            }
            if touched { touchedRows.append(y) }
        }
        painted = grid
        needsFullRepaint = false
        wrefresh(window)
        drawWholeClusters(grid, rows: touchedRows, visibleWidth: width)
    }

    /// Draws the emoji sequences curses could only show the first emoji of (see `ClusterSupport`)
    /// straight to the terminal, over that emoji, on every row curses may just have redrawn.
    /// Each is wrapped in save/restore cursor (`ESC 7` … `ESC 8`, which also restores the
    /// attributes), so curses' idea of the cursor and the current colours stays true, and takes
    /// exactly the two columns curses and the grid gave it.
    private func drawWholeClusters(_ grid: Grid, rows: [Int], visibleWidth: Int) {
        guard clusters.joinsZWJ || clusters.joinsModifiers else { return }
        var output = ""
        for y in rows {
            for x in 0..<max(0, visibleWidth - 1) {
                let cell = grid[x, y]
                // Like the probe's samples: a 2-column emoji first (not e.g. ❤ + VS16, 1 column
                // to the terminal), then what curses could not keep.
                guard let first = cell.text.unicodeScalars.first, cell.text.unicodeScalars.count > 1,
                      grid[x + 1, y].isContinuation, sl_wcwidth(wchar_t(bitPattern: first.value)) == 2,
                      clusters.drawsWhole(cell.text) else { continue }
                output += "\u{1B}7\u{1B}[\(y + 1);\(x + 1)H" + palette.sgr(for: cell.style) + cell.text + "\u{1B}8"
            }
        }
        guard !output.isEmpty else { return }
        var bytes = Array(output.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    /// Puts one cell on the screen, keeping columns aligned whatever the terminal thinks of
    /// the character's width. The grid decides the width (a wide character is followed by a
    /// continuation cell) and a wide cell always paints both of its columns; the terminal's
    /// `wcwidth` decides what the character will really occupy.
    private func draw(_ cell: Cell, x: Int, y: Int, in grid: Grid, visibleWidth: Int) {
        if cell.isContinuation {
            // Painted with the wide character to its left; a stray one becomes a blank.
            if x > 0, !grid[x - 1, y].isContinuation { return }
            put([0x20], cell.style, x: x, y: y)
            return
        }
        let scalars = Self.drawableScalars(cell.text)
        let isWide = x + 1 < grid.width && grid[x + 1, y].isContinuation
        let secondColumnVisible = x + 1 < visibleWidth
        switch (isWide, sl_wcwidth(scalars[0])) {
        case (false, 1):
            put(scalars, cell.style, x: x, y: y)
        case (true, 2) where secondColumnVisible:
            put(scalars, cell.style, x: x, y: y)
        case (true, 1):
            // e.g. "❤️": the grid counts the emoji presentation as 2, the terminal as 1. Draw the
            // base character alone (a variation selector could make some terminals widen it
            // behind curses' back) and blank the second column.
            put([scalars[0]], cell.style, x: x, y: y)
            if secondColumnVisible { put([0x20], cell.style, x: x + 1, y: y) }
        default:
            // Unprintable, wider than the grid allows, or cut by the right edge.
            put([wchar_t(UInt8(ascii: "?"))], cell.style, x: x, y: y)
            if isWide, secondColumnVisible { put([0x20], cell.style, x: x + 1, y: y) }
        }
    }

    /// True when the cell after (x, y) became or stopped being a continuation, which changes
    /// how (x, y) itself must be drawn even if its own text and style did not change.
    private static func wideningChanged(x: Int, y: Int, _ grid: Grid, _ previous: Grid) -> Bool {
        x + 1 < grid.width && grid[x + 1, y].isContinuation != previous[x + 1, y].isContinuation
    }

    /// The base character and the combining marks curses can keep with it in one cell
    /// (`CCHARW_MAX` = 5). A zero-width joiner and what follows it are dropped: a curses cell
    /// holds one spacing character, so a ZWJ sequence like 👨‍👩‍👧 shows its first emoji here
    /// (`drawWholeClusters` then draws it whole where the terminal joins it), and a lone joiner
    /// would be drawn as a stray mark.
    private static func drawableScalars(_ text: String) -> [wchar_t] {
        var result: [wchar_t] = []
        for scalar in text.unicodeScalars {
            let character = wchar_t(bitPattern: scalar.value)
            if !result.isEmpty && (scalar.value == 0x200D || sl_wcwidth(character) != 0 || result.count == 5) { break }
            result.append(character)
        }
        return result
    }

    private func put(_ scalars: [wchar_t], _ style: CellStyle, x: Int, y: Int) {
        var character = cchar_t()
        let pair = palette.pair(for: style)
        setcchar(&character, scalars + [0], palette.attributes(for: style), pair, nil)
        mvadd_wch(Int32(y), Int32(x), &character)
    }
}
