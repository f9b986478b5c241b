/// One packet record from a pcap or pcapng file: when, the link layer it starts with, the bytes.
public struct CapturedPacket: Equatable, Sendable {
    public var time: Double
    public var linkType: Int
    public var data: [UInt8]

    public init(time: Double, linkType: Int, data: [UInt8]) {
        self.time = time
        self.linkType = linkType
        self.data = data
    }
}
