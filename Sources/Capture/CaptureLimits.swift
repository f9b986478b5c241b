/// Our caps on what a capture file may make us hold, whatever the file declares.
public struct CaptureLimits: Sendable, Equatable {
    /// Events (JSON Lines) or packets (pcap) read from one file.
    public var maxEvents: Int
    /// Bytes of one captured packet (pcap's snaplen is 262,144 at most in practice).
    public var maxPacketLength: Int
    /// Out-of-order segments held per TCP direction while waiting for the gap to fill.
    public var maxPendingSegments: Int

    public init(maxEvents: Int = 5_000_000, maxPacketLength: Int = 262_144, maxPendingSegments: Int = 1024) {
        self.maxEvents = maxEvents
        self.maxPacketLength = maxPacketLength
        self.maxPendingSegments = maxPendingSegments
    }

    public static let `default` = CaptureLimits()
}
