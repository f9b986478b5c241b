/// The file formats we write (`jsonl`, `pcap`) and read (those plus `pcapng`).
public enum CaptureFormat: String, Sendable, CaseIterable {
    case jsonl, pcap, pcapng

    /// The format a recording path asks for by its extension; nil for anything else.
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") {
            self = .jsonl
        } else if lower.hasSuffix(".pcap") {
            self = .pcap
        } else if lower.hasSuffix(".pcapng") {
            self = .pcapng
        } else {
            return nil
        }
    }

    /// The format of a file from its first bytes (never from its name: a foreign capture may be
    /// called anything).
    public static func detect(_ bytes: [UInt8]) -> CaptureFormat? {
        guard bytes.count >= 4 else { return nil }
        let magic = Array(bytes.prefix(4))
        switch magic {
        case [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D]:
            return .pcap
        case [0x0A, 0x0D, 0x0D, 0x0A]:
            return .pcapng
        default:
            return bytes.first == UInt8(ascii: "{") ? .jsonl : nil
        }
    }

    /// Whether we can record in this format (pcapng is read only).
    public var isWritable: Bool { self != .pcapng }
}
