import FrameCore

/// The help overlay (`?`, F1): every key and command, what the colours and the Connections
/// columns mean, in one box a workshop audience can follow. Taller than the screen, it scrolls
/// with ↑ ↓ PgUp PgDn Home End; any other key closes it.
enum HelpOverlay {
    static let keys = [
        "Keys",
        "  Tab / Shift-Tab   next / previous pane",
        "  ↑ ↓ PgUp PgDn     move or scroll in the focused pane",
        "  Home / End        first / last row",
        "  Enter  /  Esc     send (composer) / leave the composer",
        "  i / Enter / :     back to the composer (: starts a :command)",
        "  ↑ ↓ (composer)    history; ← → Home End ^A ^E move, ^U clears",
        "  [ ]               previous / next decoded message",
        "  ↑ ↓ (Decoded)     select a field: its bytes light up",
        "  p                 pause / resume the view (still recording)",
        "  c / x / z         clear closed / close selected / zoom the pane",
        "  n                 while stepping (:step on): handle the next wake-up",
        "  ? or F1           this help (F1 also from the composer)",
        "  q / Ctrl-C        quit (q asks if connections are open or recording)",
        "  click / wheel     select the row / scroll the pane under the mouse",
        "Requests",
        "  search VALUE      JSON search (morpheus, ring, 🐶)",
        "  ACTION VALUE      binary request, e.g. binary 😃",
        "  hex 00 05 …       raw bytes exactly as typed",
        "  any text          echo and multiconn modes: echoed back",
        "  a paste           text, not keys: \\r \\x03 shown escaped, sent as is",
        "Commands",
        "  :chunk N [MS]     N-byte chunks, MS apart (:chunk off)",
        "  :burst N [REQ]    N connections at once",
        "  :bad length|json|key|truncated   a malformed frame (app mode)",
        "  :theme default|projector|mono    colours for the room",
        "  :selector on|off  event log: select() wake-ups, register/modify",
        "  :step on|off      stop before each wake-up; n runs the next one",
        "  :record FILE.pcap|.jsonl  :record stop  :pause :clear :help :quit",
    ]

    /// The player's keys in `socketlab replay`, where the same panes show a recording.
    static let replay = [
        "Replay (socketlab replay FILE)",
        "  space             play / pause",
        "  n / N             step one event / one message",
        "  + / -             faster / slower (1/8× to 64×)",
        "  Home / End        start / end of the recording",
    ]

    /// The guided tour's keys (`socketlab tour`), outside the composer; `n` is the tour's there.
    static let tour = [
        "Tour (socketlab tour)",
        "  n / p  or → / ←   next / previous step (each runs its commands)",
        "  space             while a step single-steps: the next wake-up",
        "  q                 leave the tour at once",
    ]

    static let columns = [
        "Connections columns",
        "  out / in          bytes this end sent / received",
        "  SndQ              bytes waiting in SocketLab's send queue",
        "  RcvB              read bytes the decoder holds until a message is whole",
        "  Recv-Q / Send-Q   bytes in the kernel's socket buffers (as ss shows)",
    ]

    /// Every line, the colour legend drawn in the styles the panes use.
    static func lines(_ theme: Theme) -> [StyledLine] {
        func text(_ line: String) -> StyledLine {
            StyledLine(line, style: line.hasPrefix(" ") ? .plain : CellStyle(bold: true))
        }
        var colours = [StyledLine("Colours (\(theme.name.rawValue) theme, :theme to change)", style: CellStyle(bold: true))]
        var parts = StyledLine("  ")
        parts.append("proto-header", theme.part(.protoHeader, .out))
        parts.append("  ")
        parts.append("JSON header", theme.part(.jsonHeader, .out))
        parts.append("  ")
        parts.append("content sent", theme.part(.content, .out))
        parts.append("  ")
        parts.append("content received", theme.part(.content, .in))
        colours.append(parts)
        var marks = StyledLine("  ")
        marks.append("not a valid frame", theme.part(.unparsed, .in))
        marks.append("  ")
        marks.append("error", theme.error)
        marks.append("  ")
        marks.append("selected field's bytes", theme.highlight)
        colours.append(marks)
        return keys.map(text) + replay.map(text) + tour.map(text) + colours + columns.map(text)
    }

    /// Rows of text the box shows on a screen `height` rows tall.
    static func visibleRows(lineCount: Int, height: Int) -> Int {
        max(0, min(height - 2, lineCount + 2) - 2)
    }

    /// How far the help can scroll on a screen `height` rows tall.
    static func maxScroll(theme: Theme, height: Int) -> Int {
        let count = lines(theme).count
        return max(0, count - visibleRows(lineCount: count, height: height))
    }

    static func draw(into grid: inout Grid, theme: Theme, scroll: Int) {
        let lines = lines(theme)
        let width = min(grid.width - 2, (lines.map { DisplayWidth.of($0.text) }.max() ?? 0) + 4)
        let rows = visibleRows(lineCount: lines.count, height: grid.height)
        let height = rows + 2
        let x = (grid.width - width) / 2
        let y = (grid.height - height) / 2
        let top = min(max(0, scroll), max(0, lines.count - rows))
        let frame = theme.title
        grid.fill(x: x, y: y, width: width, height: height)
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, style: frame)
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1, style: frame)
        let closing = rows < lines.count ? " SocketLab help: ↑↓ scroll, any other key closes " : " SocketLab help: any key closes "
        grid.put(closing, x: x + 2, y: y, style: frame)
        if top + rows < lines.count {
            grid.put(" ↓ \(lines.count - top - rows) more lines ", x: x + 2, y: y + height - 1, style: frame)
        }
        for row in 0..<rows {
            grid.put("│", x: x, y: y + 1 + row, style: frame)
            grid.put("│", x: x + width - 1, y: y + 1 + row, style: frame)
            lines[top + row].draw(into: &grid, x: x + 2, y: y + 1 + row, width: width - 4)
        }
    }
}
