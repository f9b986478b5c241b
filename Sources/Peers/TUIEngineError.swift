/// Why the TUI's engine could not start (no free port, the target refused, the loop failed):
/// `socketlab tui` and `tour` print the message and exit instead of opening the terminal.
public struct TUIEngineError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
