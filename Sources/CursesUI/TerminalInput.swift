import Glibc

/// One bounded wait-and-read of the terminal's standard input, for the two places that read it
/// underneath curses (the start-up probe and a bracketed paste): both wait a bounded time and
/// must read `poll` and `read` the same way, an interrupted call as "nothing yet", end of file
/// or a real error as a terminal that has gone away.
enum TerminalInput: Equatable {
    /// Bytes that arrived.
    case bytes([UInt8])
    /// Nothing came in time, or a signal interrupted the wait: the caller's clock decides.
    case nothing
    /// End of file, or an error other than an interruption: the terminal has gone away.
    case closed

    static func read(upTo maxBytes: Int, waitingMilliseconds: Int32) -> TerminalInput {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, waitingMilliseconds) == 1 else { return .nothing }
        var chunk = [UInt8](repeating: 0, count: maxBytes)
        let count = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count > 0 { return .bytes(Array(chunk[0..<count])) }
        return count == 0 || (errno != EINTR && errno != EAGAIN) ? .closed : .nothing
    }
}
