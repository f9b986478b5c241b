/// Why one request of the load generator failed.
public enum LoadErrorKind: String, CaseIterable, Sendable {
    /// The connection could not be made (refused, unreachable, out of descriptors or ports).
    case connect
    /// The server reset the connection (or the write hit a closed socket).
    case reset
    /// The server closed before the whole reply arrived.
    case earlyEOF = "early-eof"
    /// A reply arrived but its frame or content is not what this request must get.
    case badReply = "bad-reply"
    /// No complete reply within `--timeout`.
    case timeout
}
