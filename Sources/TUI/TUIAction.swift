/// What the model asks the outside world to do after a key: the TUI's runtime carries it out
/// (on the event loop), so the model stays pure and testable.
public enum TUIAction: Equatable, Sendable {
    /// Open `count` new connections to the target and send `payload` on each, whole or in
    /// chunks. `framed` says whether a framed reply is expected (app mode) or an echo.
    case send(payload: [UInt8], count: Int, chunkSize: Int?, delayMilliseconds: Int, framed: Bool, halfClose: Bool)
    /// Close this connection (the `x` key), e.g. a request left awaiting a reply.
    case close(connection: Int)
    /// Record the session from now on to this file (`.jsonl` or `.pcap`), or stop recording.
    case startRecording(path: String)
    case stopRecording
    /// Single-step on or off for the loop serving the session (`:step on|off`).
    case stepping(Bool)
    /// Let the loop handle its next wake-up (`n` while stepping).
    case step
    /// The tour's next step needs the embedded server of another mode (`socketlab tour`).
    case tourMode(ComposerMode)
    /// Leave the TUI.
    case quit
}
