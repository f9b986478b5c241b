/// Our caps on what a capture file may make us hold, whatever the file declares.
public struct CaptureLimits: Sendable, Equatable {
    /// Events (JSON Lines) or packets (pcap) read from one file.
    public var maxEvents: Int
    /// Bytes of one captured packet (pcap's snaplen is 262,144 at most in practice).
    public var maxPacketLength: Int
    /// Out-of-order segments held per TCP direction while waiting for the gap to fill.
    public var maxPendingSegments: Int
    /// Bytes the events kept from one file may cost (`ReplayBudget`); a file holding more is read
    /// up to it and the rest left out, said in `CaptureContents.cut`. 256 MiB: a full-size
    /// recording (100 MiB of payload) fits whole; 1,342,177 one-byte events at most.
    public var replayBudget: Int

    public init(maxEvents: Int = 5_000_000, maxPacketLength: Int = 262_144, maxPendingSegments: Int = 1024,
                replayBudget: Int = 256 << 20) {
        self.maxEvents = maxEvents
        self.maxPacketLength = maxPacketLength
        self.maxPendingSegments = maxPendingSegments
        self.replayBudget = replayBudget
    }

    public static let `default` = CaptureLimits()
}
