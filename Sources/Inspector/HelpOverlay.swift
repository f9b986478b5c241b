/// The `?` overlay: every key and command in one box, so a workshop audience can follow along.
enum HelpOverlay {
    static let lines = [
        "Keys",
        "  Tab / Shift-Tab   next / previous pane",
        "  ↑ ↓ PgUp PgDn     move in a pane (Home/End: first/last)",
        "  Enter  /  Esc     send (composer) / leave the composer",
        "  i or Enter        back to the composer; ↑ ↓ there: history",
        "  [ ]               previous / next decoded message",
        "  ↑ ↓ (Decoded)     select a field: its bytes light up",
        "  p                 pause / resume the view (still recording)",
        "  c / x / z         clear closed / close selected / zoom the pane",
        "  ? or F1           this help (F1 also from the composer)",
        "  q / Ctrl-C        quit (q asks first while connections are open)",
        "  click / wheel     select the row / scroll the pane under the mouse",
        "Requests",
        "  search VALUE      JSON search (morpheus, ring, 🐶)",
        "  ACTION VALUE      binary request, e.g. binary 😃",
        "  hex 00 05 …       raw bytes exactly as typed",
        "Commands",
        "  :chunk N [MS]     N-byte chunks, MS apart (:chunk off)",
        "  :burst N [REQ]    N connections at once",
        "  :bad length|json|key|truncated   a malformed frame",
        "  :pause  :clear  :help  :quit",
    ]

    static func draw(into grid: inout Grid, theme: Theme) {
        let width = min(grid.width - 2, (lines.map(DisplayWidth.of).max() ?? 0) + 4)
        let height = min(grid.height - 2, lines.count + 2)
        let x = (grid.width - width) / 2
        let y = (grid.height - height) / 2
        let box = theme.colors ? CellStyle(foreground: .white, background: .blue) : CellStyle(reverse: true)
        grid.fill(x: x, y: y, width: width, height: height, style: box)
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, style: box)
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1, style: box)
        grid.put(" SocketLab help: any key closes ", x: x + 2, y: y, style: CellStyle(foreground: box.foreground, background: box.background, bold: true, reverse: box.reverse))
        for row in 1..<(height - 1) {
            grid.put("│", x: x, y: y + row, style: box)
            grid.put("│", x: x + width - 1, y: y + row, style: box)
            let line = lines[row - 1]
            let heading = !line.hasPrefix(" ") && !line.isEmpty
            var style = box
            style.bold = heading
            grid.put(line, x: x + 2, y: y + row, style: style, maxWidth: width - 4)
        }
    }
}
