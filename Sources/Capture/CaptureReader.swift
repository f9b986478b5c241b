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
            let packets = try PcapFileReader.packets(bytes, limits: limits)
            guard !packets.isEmpty else { throw .empty }
            let segments = packets.compactMap(PacketDecoder.segment)
            if segments.isEmpty, let unknown = packets.first(where: { !PacketDecoder.supportedLinkTypes.contains($0.linkType) }) {
                throw .unsupportedLinkType(unknown.linkType)
            }
            let events = TCPReassembler.events(from: segments, limits: limits)
            guard !events.isEmpty else { throw .empty }
            return events
        }
    }
}
