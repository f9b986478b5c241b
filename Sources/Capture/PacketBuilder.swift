/// Builds raw IPv4/IPv6 + TCP packets with valid checksums (RFC 791, 8200, 9293): the bytes of
/// one pcap record with link type RAW.
enum PacketBuilder {
    /// Window scale we announce on SYNs: with 65,535 << 14 no synthesized segment ever overruns
    /// the receiver's window, so Wireshark reports no "window full".
    static let windowScale: UInt8 = 14
    /// The largest payload one segment carries: a full 65,535-byte IPv4 packet minus 40 header bytes.
    static let maxPayload = 65_495

    static func packet(_ segment: TCPSegment, ipID: UInt16) -> [UInt8] {
        let tcp = tcpHeader(segment)
        let tcpLength = tcp.count + segment.payload.count
        var packet: [UInt8] = []
        if segment.source.isIPv6 {
            packet.reserveCapacity(40 + tcpLength)
            packet += [0x60, 0, 0, 0, UInt8(tcpLength >> 8), UInt8(tcpLength & 0xFF), 6, 64]
            packet += segment.source.address
            packet += segment.destination.address
        } else {
            let total = 20 + tcpLength
            packet.reserveCapacity(total)
            packet += [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), UInt8(ipID >> 8), UInt8(ipID & 0xFF), 0x40, 0, 64, 6, 0, 0]
            packet += segment.source.address
            packet += segment.destination.address
            let sum = InternetChecksum.finish(InternetChecksum.add(packet[0..<20], to: 0))
            packet[10] = UInt8(sum >> 8)
            packet[11] = UInt8(sum & 0xFF)
        }
        let tcpStart = packet.count
        packet += tcp
        packet += segment.payload
        let sum = tcpChecksum(packet[tcpStart...], source: segment.source.address, destination: segment.destination.address)
        packet[tcpStart + 16] = UInt8(sum >> 8)
        packet[tcpStart + 17] = UInt8(sum & 0xFF)
        return packet
    }

    /// The TCP header with a zero checksum; SYNs carry MSS and window-scale options.
    private static func tcpHeader(_ segment: TCPSegment) -> [UInt8] {
        let options: [UInt8] = segment.flags.contains(.syn)
            ? [2, 4, UInt8(maxPayload >> 8), UInt8(maxPayload & 0xFF), 1, 3, 3, windowScale]
            : []
        let length = 20 + options.count
        var header: [UInt8] = []
        header.reserveCapacity(length)
        header += [UInt8(segment.source.port >> 8), UInt8(segment.source.port & 0xFF),
                   UInt8(segment.destination.port >> 8), UInt8(segment.destination.port & 0xFF)]
        header += bigEndian(segment.sequence)
        header += bigEndian(segment.flags.contains(.ack) ? segment.acknowledgement : 0)
        header += [UInt8(length / 4) << 4, segment.flags.rawValue, 0xFF, 0xFF, 0, 0, 0, 0]
        header += options
        return header
    }

    static func tcpChecksum(_ tcp: ArraySlice<UInt8>, source: [UInt8], destination: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        sum = InternetChecksum.add(source[...], to: sum)
        sum = InternetChecksum.add(destination[...], to: sum)
        let length = UInt32(tcp.count)
        if source.count == 16 {
            sum = InternetChecksum.add([UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
                                        UInt8(length & 0xFF), 0, 0, 0, 6][...], to: sum)
        } else {
            sum = InternetChecksum.add([0, 6, UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)][...], to: sum)
        }
        sum = InternetChecksum.add(tcp, to: sum)
        return InternetChecksum.finish(sum)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
