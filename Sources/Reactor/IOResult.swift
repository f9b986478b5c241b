/// The outcome of one non-blocking read or write.
///
/// Why not an optional count: "would block" and "end of stream" are different events for a
/// selector loop (wait for readiness vs. close), and a plain 0 would hide which one happened.
public enum IOResult: Equatable, Sendable {
    /// This many bytes moved.
    case processed(Int)
    /// The kernel had no data (read) or no room (write); wait for readiness.
    case wouldBlock
    /// The peer closed its side (reads only).
    case eof
}
