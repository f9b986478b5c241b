/// One timestamped thing that happened in a session: the single stream the TUI is fed from, and
/// what a recorder (JSON Lines, pcap) or a replay will consume later without rework.
///
/// It lives in the pure core because both producers (the peers, on the event loop) and consumers
/// (the TUI model, recorders) must share it without depending on the I/O layer. Bytes are raw:
/// consumers decode them with `FrameDecoder`, so a recording replays through the same code.
public struct SessionEvent: Sendable, Equatable {
    /// Wall-clock time, seconds since the Unix epoch.
    public var time: Double
    /// The connection it concerns; nil for session-wide events.
    public var connection: Int?
    public var kind: Kind

    public init(time: Double, connection: Int?, kind: Kind) {
        self.time = time
        self.connection = connection
        self.kind = kind
    }

    /// Which end of the conversation a connection is.
    public enum Side: String, Sendable, Equatable {
        case client, server
        /// A listening socket: its row shows the selector interest the accept loop registers.
        case listener
    }

    /// Bytes leaving (`out`) or reaching (`in`) this end of a connection.
    public enum Direction: String, Sendable, Equatable {
        case `in`, out
    }

    public enum Kind: Sendable, Equatable {
        /// A server is listening; `mode` is app, echo or multiconn.
        case listening(address: String, mode: String)
        /// A connection was accepted (server side) or started (client side).
        case opened(side: Side, peer: String, local: String)
        /// Bytes were read (`in`) or written (`out`).
        case bytes(Direction, [UInt8])
        /// The connection's life stage in words: "connecting", "sending", "awaiting reply", …
        case state(String)
        /// The selector interest as the Python program would register it: "READ", "WRITE", "READ|WRITE".
        case interest(String)
        /// A snapshot of the connection's counters and queues.
        case stats(ConnectionStats)
        /// A line the role would print (e.g. `Got result: …`, `received request …`).
        case log(String)
        /// Something went wrong on this connection (or, without one, in the session).
        case error(String)
        /// The connection is closed, with why.
        case closed(reason: String)
        /// The event loop's selector: a wake-up and what was ready (`select #12 → 2 ready: #3 READ,
        /// #5 WRITE`), folded idle wake-ups, or a register / modify / unregister call.
        case selector(String)
    }
}
