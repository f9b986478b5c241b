/// Why a composer line was not sent; shown in the status line.
public enum ComposerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing typed; carries a request that makes sense in the current mode.
    case empty(example: String)
    case badHex(String)
    case usage(String)
    case unknownCommand(String)
    /// A command that only makes sense for the app protocol, typed in an echo mode.
    case appProtocolOnly(command: String, mode: ComposerMode)

    public var description: String {
        switch self {
        case let .empty(example): return "type a request, e.g. `\(example)`"
        case let .badHex(why): return "bad hex: \(why)"
        case let .usage(usage): return "usage: \(usage)"
        case let .unknownCommand(name): return "unknown command :\(name) (F1 or :help lists the commands)"
        case let .appProtocolOnly(command, mode):
            return ":\(command) sends malformed app-protocol frames; the \(mode.rawValue) server echoes any bytes back (try socketlab tui --mode app)"
        }
    }
}
