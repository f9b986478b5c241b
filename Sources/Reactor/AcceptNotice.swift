/// What a listener reports to its owner about connections it did not take, whether or not anyone
/// observes the loop (an unwatched server, the CLI, still logs these).
///
/// Why its own enum and not `ReactorEvent.Kind`: these two things, and nothing else, can happen
/// while accepting, so a receiver switches over exactly them.
public enum AcceptNotice: Sendable, Equatable {
    /// A connection over `maxConnections` was accepted and closed at once; `total` refused so far.
    case refused(peer: SocketAddress?, total: Int)
    /// accept failed for lack of descriptors (EMFILE/ENFILE); accepting pauses briefly.
    case paused(SocketError)
}
