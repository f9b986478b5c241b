/// How a raw read ended: the peer closed (FIN), reset (RST), or nothing happened in time.
///
/// Why: tests tell "the server closed the bad connection" from "the server left it hanging",
/// and a half-close from a reset, so the read reports which.
public enum ReadEnd: Equatable, Sendable {
    case eof, reset, timeout
}
