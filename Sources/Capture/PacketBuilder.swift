/// Builds raw IPv4/IPv6 + TCP packets with valid checksums (RFC 791, 8200, 9293): the bytes of
/// one pcap record with link type RAW.
enum PacketBuilder {
    /// Window scale we announce on SYNs: with 65,535 << 14 no synthesized segment ever overruns
    /// the receiver's window, so Wireshark reports no "window full".
    static let windowScale: UInt8 = 14
    /// The largest payload one segment carries: a full 65,535-byte IPv4 packet minus 40 header bytes.
    static let maxPayload = 65_495

    static func packet(_ segment: TCPSegment, ipID: UInt16) -> [UInt8] {
        var packet: [UInt8] = []
        append(segment, ipID: ipID, to: &packet)
        return packet
    }

    /// Appends the packet to `out` in place: the recorder's writer thread builds a whole batch of
    /// records in one buffer, byte by byte, with no temporary array per header field (those
    /// allocations were most of its cost per request). `payload` overrides `segment.payload`.
    static func append(_ segment: TCPSegment, payload: ArraySlice<UInt8>? = nil, ipID: UInt16, to out: inout [UInt8]) {
        let data = payload ?? segment.payload[...]
        let syn = segment.flags.contains(.syn)
        let tcpHeaderLength = syn ? 28 : 20
        let tcpLength = tcpHeaderLength + data.count
        let start = out.count
        out.reserveCapacity(start + 40 + tcpLength)
        if segment.source.isIPv6 {
            out.append(0x60); out.append(0); out.append(0); out.append(0)
            appendBigEndian16(UInt16(tcpLength), to: &out)
            out.append(6); out.append(64)
            out.append(contentsOf: segment.source.address)
            out.append(contentsOf: segment.destination.address)
        } else {
            out.append(0x45); out.append(0)
            appendBigEndian16(UInt16(20 + tcpLength), to: &out)
            appendBigEndian16(ipID, to: &out)
            out.append(0x40); out.append(0); out.append(64); out.append(6); out.append(0); out.append(0)
            out.append(contentsOf: segment.source.address)
            out.append(contentsOf: segment.destination.address)
            let sum = InternetChecksum.finish(InternetChecksum.add(out[start..<(start + 20)], to: 0))
            out[start + 10] = UInt8(sum >> 8)
            out[start + 11] = UInt8(sum & 0xFF)
        }
        let tcpStart = out.count
        appendBigEndian16(segment.source.port, to: &out)
        appendBigEndian16(segment.destination.port, to: &out)
        appendBigEndian32(segment.sequence, to: &out)
        appendBigEndian32(segment.flags.contains(.ack) ? segment.acknowledgement : 0, to: &out)
        out.append(UInt8(tcpHeaderLength / 4) << 4); out.append(segment.flags.rawValue)
        out.append(0xFF); out.append(0xFF)  // window (scaled by 2^14 on both sides)
        out.append(0); out.append(0); out.append(0); out.append(0)  // checksum (below), urgent pointer
        if syn {
            // MSS 65,495 and window scale 14, padded with a NOP.
            out.append(2); out.append(4); appendBigEndian16(UInt16(maxPayload), to: &out)
            out.append(1); out.append(3); out.append(3); out.append(windowScale)
        }
        out.append(contentsOf: data)
        let sum = tcpChecksum(out[tcpStart...], source: segment.source.address, destination: segment.destination.address)
        out[tcpStart + 16] = UInt8(sum >> 8)
        out[tcpStart + 17] = UInt8(sum & 0xFF)
    }

    static func tcpChecksum(_ tcp: ArraySlice<UInt8>, source: [UInt8], destination: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        sum = InternetChecksum.add(source[...], to: sum)
        sum = InternetChecksum.add(destination[...], to: sum)
        // The rest of the pseudo-header as 16-bit words: protocol 6 and the TCP length (RFC 9293,
        // RFC 8200 §8.1; the same sum for both, since the length fits in 32 bits).
        let length = UInt32(tcp.count)
        sum = sum &+ 6 &+ (length >> 16) &+ (length & 0xFFFF)
        sum = InternetChecksum.add(tcp, to: sum)
        return InternetChecksum.finish(sum)
    }

    static func appendBigEndian16(_ value: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(value >> 8))
        out.append(UInt8(value & 0xFF))
    }

    static func appendBigEndian32(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(value >> 24))
        out.append(UInt8(value >> 16 & 0xFF))
        out.append(UInt8(value >> 8 & 0xFF))
        out.append(UInt8(value & 0xFF))
    }
}
