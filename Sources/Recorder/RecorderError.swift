/// Why a recording could not start or a capture file could not be opened.
public enum RecorderError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownExtension(String)
    case cannotOpen(path: String, reason: String)
    case tooLarge(path: String, size: Int, limit: Int)

    public var description: String {
        switch self {
        case let .unknownExtension(path):
            return "cannot tell the recording format from \(path): the name must end in .jsonl or .pcap"
        case let .cannotOpen(path, reason):
            return "cannot open \(path): \(reason)"
        case let .tooLarge(path, size, limit):
            return "\(path) is \(size) bytes, over the limit of \(limit)"
        }
    }
}
