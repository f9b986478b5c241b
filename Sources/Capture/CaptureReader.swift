import FrameCore

/// Opens any file `replay` accepts — our JSON Lines, our pcap, or a pcap/pcapng captured
/// elsewhere — and gives its `SessionEvent`s. The format is found from the first bytes.
public enum CaptureReader {
    /// The events kept within `limits.replayBudget` (see `contents` for where a cut was made).
    public static func events(_ bytes: [UInt8], limits: CaptureLimits = .default) throws(CaptureError) -> [SessionEvent] {
        try contents(bytes, limits: limits).events
    }

    /// The events from the start of the file, as many as `limits.replayBudget` holds, and where
    /// the rest was left out.
    public static func contents(_ bytes: [UInt8], limits: CaptureLimits = .default) throws(CaptureError) -> CaptureContents {
        guard let format = CaptureFormat.detect(bytes) else { throw .unknownFormat(firstBytes: Array(bytes.prefix(8))) }
        switch format {
        case .jsonl:
            return try JSONLinesReader.contents(bytes, limits: limits)
        case .pcap, .pcapng:
            // One packet at a time, packet → segment → reassembler: only the events are kept.
            var reassembler = TCPReassembler(limits: limits)
            var packets = 0
            var segments = 0
            var unsupportedLinkType: Int?
            let stoppedAt = try PcapFileReader.forEachPacket(bytes, limits: limits) { packet in
                packets += 1
                if let segment = PacketDecoder.segment(packet) {
                    segments += 1
                    reassembler.add(segment)
                } else if unsupportedLinkType == nil, !PacketDecoder.supportedLinkTypes.contains(packet.linkType) {
                    unsupportedLinkType = packet.linkType
                }
                return !reassembler.isFull
            }
            guard packets > 0 else { throw .empty }
            if segments == 0, let unsupportedLinkType { throw .unsupportedLinkType(unsupportedLinkType) }
            let kept = reassembler.keptEvents
            let events = reassembler.finish()
            guard !events.isEmpty else { throw .empty }
            let cut = stoppedAt.map {
                CaptureContents.Cut(keptEvents: kept, offset: $0, fileSize: bytes.count, budget: limits.replayBudget)
            }
            return CaptureContents(events: events, cut: cut)
        }
    }
}
