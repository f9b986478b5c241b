/// The eight ANSI colours plus the terminal's default: what every terminal and ncurses offer, so
/// a projected workshop screen looks the same everywhere.
public enum TermColor: Int, Sendable, Hashable, CaseIterable {
    case `default` = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}
