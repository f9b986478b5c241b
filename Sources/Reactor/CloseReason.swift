/// Why a connection closed: said once to its handler and shown to people.
///
/// Why an enum: the TUI and the peers report "peer closed" and "reset" differently, and tests
/// compare reasons exactly.
public enum CloseReason: Equatable, Sendable, CustomStringConvertible {
    /// A read returned end-of-stream.
    case peerClosed
    /// The handler closed it, with its own words ("response sent", "bad frame: ...").
    case local(String)
    /// No bytes moved for this long.
    case idleTimeout(Duration)
    /// A socket error: reset, refused, timed out ...
    case failed(SocketError)

    public var description: String {
        switch self {
        case .peerClosed: return "closed by peer"
        case .local(let reason): return reason
        case .idleTimeout(let limit): return "idle timeout: no progress for \(limit)"
        case .failed(let error): return error.description
        }
    }
}
