/// What counts as progress for a server's idle timeout.
///
/// Why two rules: the CLI server must cut a slowloris client that trickles one byte at a time, so
/// there only a completed part of a message counts; in front of a class, a request sent in 1-byte
/// chunks 400 ms apart is the demo, and every byte received must count.
public enum IdleProgress: Sendable, Equatable {
    /// Only a completed proto-header, JSON header or content resets the deadline.
    case wholeParts
    /// Every read resets the deadline.
    case anyBytes
}
