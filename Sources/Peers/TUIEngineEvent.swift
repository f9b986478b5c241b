import FrameCore

/// What the TUI's UI thread drains from the `TUIEngine`: session events, and the gaps left when
/// a peer sent bytes faster than the UI took them (the queue between the threads is bounded).
public enum TUIEngineEvent: Sendable {
    case session(SessionEvent)
    /// `count` bytes of one direction of a connection were not kept; only their number is known.
    case gap(time: Double, connection: Int, direction: SessionEvent.Direction, count: Int)
}
