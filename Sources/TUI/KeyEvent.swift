/// A key press or mouse click as the TUI model sees it, independent of ncurses' key codes, so
/// key handling is tested as pure Swift.
public enum KeyEvent: Equatable, Sendable {
    case character(Character)
    /// Ctrl + a letter, lowercase (`.control("c")` is Ctrl-C).
    case control(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    case function(Int)
    /// The terminal changed size.
    case resize
    /// A mouse button press at a cell (0-based).
    case click(x: Int, y: Int)
    /// The mouse wheel over a cell: `delta` rows, negative to scroll up.
    case wheel(x: Int, y: Int, delta: Int)
}
