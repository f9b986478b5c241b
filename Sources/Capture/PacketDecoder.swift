/// Finds the TCP segment in one captured packet: link layer (Ethernet with VLAN tags, Linux
/// cooked SLL and SLL2, raw IP, BSD/Linux loopback) → IPv4 or IPv6 (extension headers skipped)
/// → TCP. Anything else (ARP, UDP, fragments, a truncated header) is not a segment: nil.
public enum PacketDecoder {
    /// Link types we decode (LINKTYPE_* numbers from pcap-linktype(7)).
    public static let supportedLinkTypes: Set<Int> = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276]

    public static func segment(_ packet: CapturedPacket) -> TCPSegment? {
        // A link header that names IP but is cut short leaves nothing to read (found by fuzzing:
        // a 2-byte SLL2 record used to index past its end).
        guard let network = networkLayer(packet), network < packet.data.count else { return nil }
        return ipPacket(packet.data[network...], time: packet.time)
    }

    /// Offset of the IP header, or nil when the link layer carries something else.
    static func networkLayer(_ packet: CapturedPacket) -> Int? {
        let data = packet.data[...]
        func ipByVersion(_ offset: Int) -> Int? {
            guard offset < data.count else { return nil }
            let version = data[data.startIndex + offset] >> 4
            return version == 4 || version == 6 ? offset : nil
        }
        func byEtherType(_ type: UInt16?, _ offset: Int) -> Int? {
            type == 0x0800 || type == 0x86DD ? offset : nil
        }
        switch packet.linkType {
        case 0:  // BSD loopback: address family in the writer's byte order
            guard let family = ByteReader.be32(data, 0) else { return nil }
            let swapped = family.byteSwapped
            let known: Set<UInt32> = [2, 10, 24, 28, 30]
            return known.contains(family) || known.contains(swapped) ? ipByVersion(4) : nil
        case 108:  // OpenBSD loopback: family in network order
            return ipByVersion(4)
        case 1:  // Ethernet, with any number of 802.1Q / 802.1ad tags
            var offset = 12
            var type = ByteReader.be16(data, offset)
            var tags = 0
            while type == 0x8100 || type == 0x88A8, tags < 8 {
                offset += 4
                tags += 1
                type = ByteReader.be16(data, offset)
            }
            return byEtherType(type, offset + 2)
        case 113:  // Linux cooked v1: protocol at 14, header 16 bytes
            return byEtherType(ByteReader.be16(data, 14), 16)
        case 276:  // Linux cooked v2: protocol at 0, header 20 bytes
            return byEtherType(ByteReader.be16(data, 0), 20)
        case 12, 14, 101, 228, 229:
            return ipByVersion(0)
        default:
            return nil
        }
    }

    static func ipPacket(_ data: ArraySlice<UInt8>, time: Double) -> TCPSegment? {
        guard let first = data.first else { return nil }
        let tcpStart: Int, tcpEnd: Int
        let source: [UInt8], destination: [UInt8]
        let base = data.startIndex
        switch first >> 4 {
        case 4:
            let headerLength = Int(first & 0x0F) * 4
            guard headerLength >= 20, data.count >= headerLength,
                  let total = ByteReader.be16(data, 2), let fragment = ByteReader.be16(data, 6) else { return nil }
            // More-fragments set or a non-zero offset: a piece of a datagram we do not reassemble.
            guard fragment & 0x3FFF == 0, data[base + 9] == 6 else { return nil }
            // Total length 0 appears with segmentation offload; then the capture is the packet.
            let end = total == 0 ? data.count : min(Int(total), data.count)
            guard end >= headerLength else { return nil }
            source = Array(data[(base + 12)..<(base + 16)])
            destination = Array(data[(base + 16)..<(base + 20)])
            tcpStart = headerLength
            tcpEnd = end
        case 6:
            guard data.count >= 40, let payloadLength = ByteReader.be16(data, 4) else { return nil }
            source = Array(data[(base + 8)..<(base + 24)])
            destination = Array(data[(base + 24)..<(base + 40)])
            let end = payloadLength == 0 ? data.count : min(40 + Int(payloadLength), data.count)
            var next = data[base + 6]
            var offset = 40
            var extensions = 0
            while next != 6 {
                // Hop-by-hop, routing and destination options are skipped; anything else
                // (fragments, ESP, another transport) is not a plain TCP segment.
                guard [0, 43, 60].contains(next), extensions < 16, offset + 2 <= end else { return nil }
                next = data[base + offset]
                offset += (Int(data[base + offset + 1]) + 1) * 8
                extensions += 1
            }
            guard offset <= end else { return nil }
            tcpStart = offset
            tcpEnd = end
        default:
            return nil
        }
        let tcp = data[(base + tcpStart)..<(base + tcpEnd)]
        guard tcp.count >= 20, let sourcePort = ByteReader.be16(tcp, 0), let destinationPort = ByteReader.be16(tcp, 2),
              let sequence = ByteReader.be32(tcp, 4), let acknowledgement = ByteReader.be32(tcp, 8) else { return nil }
        let headerLength = Int(tcp[tcp.startIndex + 12] >> 4) * 4
        guard headerLength >= 20, headerLength <= tcp.count else { return nil }
        let flags = TCPFlags(rawValue: tcp[tcp.startIndex + 13] & 0x1F)
        return TCPSegment(time: time, source: Endpoint(address: source, port: sourcePort),
                          destination: Endpoint(address: destination, port: destinationPort),
                          sequence: sequence, acknowledgement: acknowledgement, flags: flags,
                          payload: Array(tcp[(tcp.startIndex + headerLength)...]))
    }
}
