import FrameCore

/// Opens any file `replay` accepts — our JSON Lines, our pcap, or a pcap/pcapng captured
/// elsewhere — and gives its `SessionEvent`s. The format is found from the first bytes.
public enum CaptureReader {
    public static func events(_ bytes: [UInt8], limits: CaptureLimits = .default) throws(CaptureError) -> [SessionEvent] {
        guard let format = CaptureFormat.detect(bytes) else { throw .unknownFormat(firstBytes: Array(bytes.prefix(8))) }
        switch format {
        case .jsonl:
            return try JSONLinesReader.read(bytes, limits: limits)
        case .pcap, .pcapng:
            // One packet at a time, packet → segment → reassembler: only the events are kept.
            var reassembler = TCPReassembler(limits: limits)
            var packets = 0
            var segments = 0
            var unsupportedLinkType: Int?
            try PcapFileReader.forEachPacket(bytes, limits: limits) { packet in
                packets += 1
                if let segment = PacketDecoder.segment(packet) {
                    segments += 1
                    reassembler.add(segment)
                } else if unsupportedLinkType == nil, !PacketDecoder.supportedLinkTypes.contains(packet.linkType) {
                    unsupportedLinkType = packet.linkType
                }
            }
            guard packets > 0 else { throw .empty }
            if segments == 0, let unsupportedLinkType { throw .unsupportedLinkType(unsupportedLinkType) }
            let events = reassembler.finish()
            guard !events.isEmpty else { throw .empty }
            return events
        }
    }
}
