/// One TCP segment as it travels: who sent it to whom, its sequence numbers, flags and payload.
/// The pcap writer builds packets from these and the reader turns packets back into them.
public struct TCPSegment: Equatable, Sendable {
    public var time: Double
    public var source: Endpoint
    public var destination: Endpoint
    public var sequence: UInt32
    public var acknowledgement: UInt32
    public var flags: TCPFlags
    public var payload: [UInt8]

    public init(time: Double, source: Endpoint, destination: Endpoint, sequence: UInt32, acknowledgement: UInt32,
                flags: TCPFlags, payload: [UInt8] = []) {
        self.time = time
        self.source = source
        self.destination = destination
        self.sequence = sequence
        self.acknowledgement = acknowledgement
        self.flags = flags
        self.payload = payload
    }
}
