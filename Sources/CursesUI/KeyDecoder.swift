import CNCurses
import TUI

/// Translates what `wget_wch` returns into the model's `KeyEvent`, so no curses key code leaks
/// past this layer. Mouse events need a `getmouse` call and are decoded by `Terminal`.
enum KeyDecoder {
    /// A plain character (`wget_wch` returned `OK`). Control codes become named keys or
    /// `.control(letter)`; nil for codes the model has no use for (NUL, Ctrl-\ and friends).
    static func character(_ code: UInt32) -> KeyEvent? {
        switch code {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) - 1 + UInt8(ascii: "a"))))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// A key code (`wget_wch` returned `KEY_CODE_YES`), except `KEY_MOUSE`.
    static func keyCode(_ code: Int32) -> KeyEvent? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_RESIZE: return .resize
        case sl_key_f(1)...sl_key_f(63): return .function(Int(code - sl_key_f(0)))
        default: return nil
        }
    }
}
