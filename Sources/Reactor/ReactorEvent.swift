/// One observable thing that happened on a loop, with a wall-clock time.
///
/// Why: the TUI shows a live log of what the loop did and a recorder may save it; both watch the
/// same stream through `EventLoop.addObserver`. Events (and the byte copies in `.read`/`.wrote`)
/// are only built when an observer exists, so an unwatched server pays nothing.
public struct ReactorEvent: Sendable {
    /// Seconds since the Unix epoch (`WallClock.now()`).
    public var time: Double
    /// The connection's id; nil for loop and listener events.
    public var connection: Int?
    public var kind: Kind

    public enum Kind: Sendable {
        case listening(SocketAddress)
        case accepted(peer: SocketAddress, local: SocketAddress?)
        case connecting(SocketAddress)
        case connected(local: SocketAddress?)
        /// The bytes just read.
        case read([UInt8])
        /// The bytes just written.
        case wrote([UInt8])
        /// The connection's logical interest changed.
        case interest(Interest)
        /// A connection over `maxConnections` was accepted and closed; `total` refused so far.
        case refused(peer: SocketAddress?, total: Int)
        /// accept failed for lack of descriptors; the listener pauses briefly.
        case acceptPaused(SocketError)
        case closed(CloseReason)
        /// A selector wake-up or registration change (only reported while observed).
        case selector(SelectorCall)
    }

    public init(time: Double, connection: Int?, kind: Kind) {
        self.time = time
        self.connection = connection
        self.kind = kind
    }
}
