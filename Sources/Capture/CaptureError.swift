/// Why a capture file could not be read (or an event not recorded), with a sentence for the user.
///
/// Every reader treats its input as hostile: each error names what was wrong and where, so a
/// truncated download or a file of the wrong kind ends in one clear line, never a trap.
public enum CaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first bytes match no format we read.
    case unknownFormat(firstBytes: [UInt8])
    /// The file ends inside a structure that announced more bytes.
    case truncated(what: String, offset: Int)
    /// A structure is present but its fields make no sense.
    case malformed(what: String, offset: Int)
    /// A link-layer type we do not decode (only reported when no packet could be read at all).
    case unsupportedLinkType(Int)
    /// A JSON Lines line is not what the format says.
    case badLine(number: Int, reason: String)
    /// The JSON Lines file names another format or a version we do not know.
    case unsupportedVersion(String)
    /// A limit of ours was reached (never a length the file declares).
    case limitExceeded(what: String, limit: Int)
    /// The file holds no packets or events at all.
    case empty

    public var description: String {
        switch self {
        case let .unknownFormat(bytes):
            let hex = bytes.prefix(8).map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined(separator: " ")
            return "not a capture file we read (JSON Lines, pcap or pcapng); it starts with \(hex.isEmpty ? "nothing" : hex)"
        case let .truncated(what, offset):
            return "the file ends inside \(what) (at byte \(offset))"
        case let .malformed(what, offset):
            return "malformed \(what) at byte \(offset)"
        case let .unsupportedLinkType(type):
            return "link-layer type \(type) is not one we decode (Ethernet, Linux cooked SLL/SLL2, raw IP, loopback)"
        case let .badLine(number, reason):
            return "line \(number): \(reason)"
        case let .unsupportedVersion(text):
            return "unsupported recording: \(text)"
        case let .limitExceeded(what, limit):
            return "\(what) is over the limit of \(limit)"
        case .empty:
            return "the file holds no events"
        }
    }
}
