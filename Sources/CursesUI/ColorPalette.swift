import CNCurses
import Inspector

/// Turns a `CellStyle` into curses attributes and a colour pair.
///
/// Curses wants every (foreground, background) combination registered as a numbered pair before
/// use. There are 9 × 9 `TermColor` combinations; 256-colour terminals offer thousands of pairs,
/// but an 8-colour `xterm` or the Linux console only 64, so pairs are handed out in order of
/// usefulness (a colour on the default background first) and a combination that does not fit
/// falls back to its foreground on the default background rather than to no colour at all.
struct ColorPalette {
    /// Pair number for each combination, indexed by `index(foreground, background)`; nil when
    /// colours are off, so only attributes are drawn.
    private let pairs: [Int16]?

    /// A palette that draws attributes only (NO_COLOR, monochrome terminals).
    static let monochrome = ColorPalette(pairs: nil)

    private init(pairs: [Int16]?) { self.pairs = pairs }

    /// Starts colour in the current curses screen and registers the pairs. Returns the
    /// monochrome palette when the terminal has fewer than 8 colours.
    static func start() -> ColorPalette {
        guard has_colors() else { return .monochrome }
        start_color()
        guard sl_colors() >= 8, sl_color_pairs() > 1 else { return .monochrome }
        // -1 means "the terminal's own colour": keeps the user's background (and transparency).
        let hasDefaults = use_default_colors() == OK
        let available = Int(sl_color_pairs()) - 1
        let all = TermColor.allCases
        let halfDefault = all.flatMap { a in all.map { (a, $0) } }
            .filter { ($0.0 == .default) != ($0.1 == .default) }
        let rest = all.flatMap { a in all.map { (a, $0) } }
            .filter { $0.0 != .default && $0.1 != .default }
        var table = [Int16](repeating: 0, count: all.count * all.count)
        var next = 1
        for (fg, bg) in halfDefault + rest where next <= available {
            init_pair(Int16(next), curses(fg, hasDefaults: hasDefaults, isForeground: true),
                      curses(bg, hasDefaults: hasDefaults, isForeground: false))
            table[index(fg, bg)] = Int16(next)
            next += 1
        }
        for (fg, bg) in rest where table[index(fg, bg)] == 0 {
            table[index(fg, bg)] = table[index(fg, .default)]
        }
        return ColorPalette(pairs: table)
    }

    var hasColors: Bool { pairs != nil }

    /// The colour pair for a style; 0 (the terminal's defaults) when colours are off.
    func pair(for style: CellStyle) -> Int16 {
        pairs?[Self.index(style.foreground, style.background)] ?? 0
    }

    /// The attributes for a style, without the colour pair (setcchar takes it separately).
    func attributes(for style: CellStyle) -> attr_t {
        var attributes = sl_a_normal()
        if style.bold { attributes |= sl_a_bold() }
        if style.underline { attributes |= sl_a_underline() }
        if style.reverse { attributes |= sl_a_reverse() }
        if style.dim { attributes |= sl_a_dim() }
        return attributes
    }

    private static func index(_ foreground: TermColor, _ background: TermColor) -> Int {
        (foreground.rawValue + 1) * TermColor.allCases.count + (background.rawValue + 1)
    }

    /// Without `use_default_colors`, "default" has to become a real colour: white on black.
    private static func curses(_ color: TermColor, hasDefaults: Bool, isForeground: Bool) -> Int16 {
        if color != .default || hasDefaults { return Int16(color.rawValue) }
        return Int16(isForeground ? COLOR_WHITE : COLOR_BLACK)
    }
}
