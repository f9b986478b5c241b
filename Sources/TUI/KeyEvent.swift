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
    /// The terminal starts a bracketed paste: until `.pasteEnd`, every event is text for the
    /// composer, never a key (a pasted Ctrl-C or Enter must not quit or send).
    case pasteStart
    /// The paste is over; `cut` when its end marker never came (the terminal went quiet
    /// mid-paste), so the paste was ended by the idle bound instead.
    case pasteEnd(cut: Bool)

    /// The character this event stands for when it arrives inside a paste: a printable one as
    /// it is, a control key as its C0 code (Enter as CR, Tab, Esc, Backspace as DEL, Ctrl-C as
    /// ETX). Nil for events that carry no text (arrows, clicks, resize).
    public var pastedCharacter: Character? {
        switch self {
        case let .character(c): return c
        case .enter: return "\r"
        case .tab: return "\t"
        case .escape: return "\u{1B}"
        case .backspace: return "\u{7F}"
        case let .control(letter):
            guard let ascii = letter.asciiValue, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(ascii) else { return nil }
            return Character(Unicode.Scalar(ascii - UInt8(ascii: "a") + 1))
        default: return nil
        }
    }
}
