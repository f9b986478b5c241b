/// The code that gives a connection its meaning: the protocol roles implement it.
///
/// Why callbacks on one object rather than closures: a role keeps per-connection state (decoder,
/// pending response) in its handler, and the loop calls it only from its own thread, never
/// re-entrantly: a drain or close caused by the handler's own call is reported after that call
/// returns.
public protocol ConnectionHandler: AnyObject {
    /// The connection is usable: accepted, or an outgoing connect completed.
    func connectionDidOpen(_ c: Connection)
    /// Bytes just read. The buffer is the loop's, valid only during this call.
    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer)
    /// The send queue became empty after a write.
    func connectionDidDrain(_ c: Connection)
    /// The connection is closed; called exactly once, last.
    func connection(_ c: Connection, didCloseWith reason: CloseReason)
    /// The peer shut down its writing side and `c.keepsOpenAfterEOF` is set: READ has been dropped
    /// from the interest and the connection still writes. Without the flag, end-of-stream closes.
    func connectionDidReadEOF(_ c: Connection)
}

extension ConnectionHandler {
    /// Roles that never keep a connection open after end-of-stream need not implement it.
    public func connectionDidReadEOF(_ c: Connection) {}
}
