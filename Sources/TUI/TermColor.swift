/// The eight ANSI colours plus the terminal's default, which every terminal and ncurses offer,
/// and a few vivid colours of the xterm 256-colour palette (the raw value is the palette index)
/// for the projector theme. A terminal with fewer colours draws a vivid colour as its `basic` one.
public enum TermColor: Int, Sendable, Hashable, CaseIterable {
    case `default` = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
    case vividRed = 196, vividGreen = 46, vividYellow = 226, vividBlue = 33, vividMagenta = 201, vividCyan = 51
    case brightWhite = 231

    /// The colour among the first eight (or default) with the same hue.
    public var basic: TermColor {
        switch self {
        case .vividRed: return .red
        case .vividGreen: return .green
        case .vividYellow: return .yellow
        case .vividBlue: return .blue
        case .vividMagenta: return .magenta
        case .vividCyan: return .cyan
        case .brightWhite: return .white
        default: return self
        }
    }
}
