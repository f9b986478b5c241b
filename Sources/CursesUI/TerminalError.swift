/// Why the terminal could not be taken over. Each case carries what the user needs to fix it,
/// because the command that opens the TUI prints it and exits instead of crashing.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output is a pipe or a file: a full-screen UI needs a terminal.
    case notATerminal
    /// ncurses could not set up the terminal, usually because `TERM` names an unknown type.
    case cannotInitialize(term: String?)
    /// The terminal cannot move the cursor (`TERM=dumb`): the screen would be garbled.
    case noCursorAddressing(term: String?)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the TUI needs a terminal: standard input and output must not be redirected"
        case .cannotInitialize(let term):
            return "ncurses could not initialise the terminal (TERM=\(term ?? "unset")); try TERM=xterm-256color"
        case .noCursorAddressing(let term):
            return "TERM=\(term ?? "unset") cannot move the cursor; the TUI needs a terminal such as xterm-256color"
        }
    }
}
