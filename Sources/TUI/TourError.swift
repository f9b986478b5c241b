/// Why a tour file cannot be used: said with the step it concerns, so a translator can fix it.
public enum TourError: Error, Equatable, CustomStringConvertible {
    case notJSON(String)
    case badShape(String)
    case badAction(step: Int, action: String, reason: String)
    case tooBig(Int)

    public var description: String {
        switch self {
        case let .notJSON(why): return "the tour file is not valid JSON: \(why)"
        case let .badShape(what): return "the tour file has no usable \(what)"
        case let .badAction(step, action, reason): return "tour step \(step): `\(action)` is not a composer command: \(reason)"
        case let .tooBig(size): return "the tour file is \(size) bytes; at most \(Tour.maxBytes) are read"
        }
    }
}
