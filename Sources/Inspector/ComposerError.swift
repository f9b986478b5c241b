/// Why a composer line was not sent; shown in the status line.
public enum ComposerError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case badHex(String)
    case usage(String)
    case unknownCommand(String)

    public var description: String {
        switch self {
        case .empty: return "type a request, e.g. `search morpheus`"
        case let .badHex(why): return "bad hex: \(why)"
        case let .usage(usage): return "usage: \(usage)"
        case let .unknownCommand(name): return "unknown command :\(name) (press ? for help)"
        }
    }
}
