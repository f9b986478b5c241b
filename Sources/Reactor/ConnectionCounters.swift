/// What moved over one connection so far.
///
/// Why on the connection: the stats view and the load generator want per-connection numbers
/// without hooking every read; messages are counted by the handler, which is the one that knows
/// where a message ends.
public struct ConnectionCounters: Sendable, Equatable {
    public var bytesIn = 0
    public var bytesOut = 0
    /// Read calls that returned bytes.
    public var reads = 0
    /// Write calls that sent bytes.
    public var writes = 0
    public var messagesIn = 0
    public var messagesOut = 0

    public init() {}

    /// One read of `bytes` bytes: a single mutation, so the loop touches the counters once per read.
    mutating func recordRead(_ bytes: Int) {
        bytesIn += bytes
        reads += 1
    }

    /// A round of `writes` writes that sent `bytes` bytes.
    mutating func recordWrites(_ writes: Int, bytes: Int) {
        bytesOut += bytes
        self.writes += writes
    }
}
