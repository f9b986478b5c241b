import CursesUI
import Glibc

/// What every full-screen command (`tui`, `tap`, `replay`, `tour`) does the same way before it draws:
/// one colour rule and one error line when there is no usable terminal.
extension Terminal {
    /// Colours unless `--no-color` is given or NO_COLOR is set to anything non-empty (no-color.org).
    static func wantsColors(noColor: Bool) -> Bool {
        !noColor && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
    }

    /// Opens the terminal; a failure (output redirected, TERM=dumb) becomes the command's one-line error.
    static func forCommand(colors: Bool) throws -> Terminal {
        do {
            return try Terminal(colors: colors)
        } catch {
            throw CommandFailure(message: "cannot open the terminal: \(error)")
        }
    }
}
