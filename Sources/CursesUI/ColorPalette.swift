import CNCurses
import TUI

/// Turns a `CellStyle` into curses attributes and a colour pair.
///
/// Curses wants each (foreground, background) combination registered as a numbered pair before
/// use. There are 16 × 16 `TermColor` combinations. A 256-colour terminal (tmux, xterm-256color)
/// has room for all, so all are registered at start; an 8-colour `xterm` or the Linux console
/// offers only 63, so there pairs are registered on first use (a screen uses a few dozen at most)
/// and a combination arriving after they run out falls back to its foreground on the default
/// background rather than to no colour at all. The projector theme's vivid colours are entries
/// of the 256-colour palette; a terminal with fewer colours gets their `basic` hue instead.
struct ColorPalette {
    /// Pair number per combination, indexed by `index(foreground, background)`; 0 = not yet
    /// registered (pair 0 itself is the terminal's default colours and needs no registration).
    private var pairs: [Int16]
    private var nextPair = 1
    private let pairLimit: Int
    /// Whether the terminal accepted -1 ("its own colour", which keeps the user's background).
    private let hasDefaults: Bool
    /// False: attributes only (NO_COLOR, monochrome terminals).
    let hasColors: Bool
    /// Whether the vivid colours exist (a 256-colour terminal); else they become `basic`.
    let has256Colors: Bool

    /// A palette that draws attributes only.
    static let monochrome = ColorPalette(hasColors: false, hasDefaults: false, pairLimit: 0, has256Colors: false)

    init(hasColors: Bool, hasDefaults: Bool, pairLimit: Int, has256Colors: Bool) {
        self.hasColors = hasColors
        self.hasDefaults = hasDefaults
        self.pairLimit = pairLimit
        self.has256Colors = has256Colors
        self.pairs = [Int16](repeating: 0, count: TermColor.allCases.count * TermColor.allCases.count)
    }

    /// Starts colour in the current curses screen. Returns the monochrome palette when the
    /// terminal has fewer than 8 colours.
    static func start() -> ColorPalette {
        guard has_colors() else { return .monochrome }
        start_color()
        guard sl_colors() >= 8, sl_color_pairs() > 1 else { return .monochrome }
        var palette = ColorPalette(hasColors: true, hasDefaults: use_default_colors() == OK,
                                   pairLimit: min(Int(sl_color_pairs()) - 1, Int(Int16.max)), has256Colors: sl_colors() >= 256)
        let all = TermColor.allCases
        if palette.pairLimit >= all.count * all.count - 1 {
            for foreground in all {
                for background in all { _ = palette.pair(for: CellStyle(foreground: foreground, background: background)) }
            }
        }
        return palette
    }

    /// The colour pair for a style, registering it if needed; 0 when colours are off.
    mutating func pair(for style: CellStyle) -> Int16 {
        guard hasColors else { return 0 }
        return pair(style.foreground, style.background)
    }

    private mutating func pair(_ foreground: TermColor, _ background: TermColor) -> Int16 {
        if foreground == .default && background == .default { return 0 }
        let slot = Self.index(foreground, background)
        if pairs[slot] != 0 { return pairs[slot] }
        guard nextPair <= pairLimit else {
            return background == .default ? 0 : pair(foreground, .default)
        }
        let number = Int16(nextPair)
        init_pair(number, curses(foreground, isForeground: true), curses(background, isForeground: false))
        pairs[slot] = number
        nextPair += 1
        return number
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

    /// The SGR sequence that draws `style` as curses does (attributes, then this palette's
    /// colours), starting from a reset: for the few cells `Terminal.paint` writes itself.
    func sgr(for style: CellStyle) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if hasColors {
            codes.append(Self.sgr(curses(style.foreground, isForeground: true), base: 30))
            codes.append(Self.sgr(curses(style.background, isForeground: false), base: 40))
        }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// One colour as SGR: 39/49 for the terminal's own, 30–37/90–97 (40–47/100–107) for the
    /// 16 basic ones, `38;5;N` (`48;5;N`) for the 256-colour palette.
    private static func sgr(_ color: Int16, base: Int) -> String {
        switch color {
        case ..<0: return String(base + 9)
        case 0..<8: return String(base + Int(color))
        case 8..<16: return String(base + 60 + Int(color) - 8)
        default: return "\(base + 8);5;\(color)"
        }
    }

    /// Each colour's place in `TermColor.allCases`: raw values are palette indices, not dense.
    private static let slots = Dictionary(uniqueKeysWithValues: TermColor.allCases.enumerated().map { ($1, $0) })

    private static func index(_ foreground: TermColor, _ background: TermColor) -> Int {
        slots[foreground]! * TermColor.allCases.count + slots[background]!
    }

    /// The curses colour number: a vivid colour only where the terminal has 256; without
    /// `use_default_colors`, "default" has to become a real colour: white on black.
    func curses(_ color: TermColor, isForeground: Bool) -> Int16 {
        let color = has256Colors ? color : color.basic
        if color != .default || hasDefaults { return Int16(color.rawValue) }
        return Int16(isForeground ? COLOR_WHITE : COLOR_BLACK)
    }
}
