/// Reads the packet records of a libpcap or pcapng file, either byte order, microsecond or
/// nanosecond timestamps (pcapng: any `if_tsresol`). Every length is checked against the bytes
/// that are there and against `CaptureLimits`; a record cut short at the end of the file (a
/// capture interrupted mid-write) ends the list rather than failing it.
public enum PcapFileReader {
    public static func packets(_ bytes: [UInt8], limits: CaptureLimits = .default) throws(CaptureError) -> [CapturedPacket] {
        var packets: [CapturedPacket] = []
        try forEachPacket(bytes, limits: limits) { packets.append($0); return true }
        return packets
    }

    /// Hands each packet to `body` in file order without keeping them. Why: `replay` turns a packet
    /// into a TCP segment and feeds it to the reassembler at once, so a capture of millions of
    /// small packets costs its events only, not its packets and segments as well (5,000,000
    /// one-byte segments, 285 MB: 2.7 GB peak when all three lists were held). `body` returns
    /// false to stop (the replay budget is full); the result is then the offset of that packet's
    /// record, else nil.
    @discardableResult
    public static func forEachPacket(_ bytes: [UInt8], limits: CaptureLimits = .default,
                                     _ body: (CapturedPacket) -> Bool) throws(CaptureError) -> Int? {
        switch CaptureFormat.detect(bytes) {
        case .pcap: return try pcap(bytes, limits: limits, body)
        case .pcapng: return try pcapng(bytes, limits: limits, body)
        default: throw .unknownFormat(firstBytes: Array(bytes.prefix(8)))
        }
    }

    static func pcap(_ bytes: [UInt8], limits: CaptureLimits, _ body: (CapturedPacket) -> Bool) throws(CaptureError) -> Int? {
        guard bytes.count >= 24 else { throw .truncated(what: "the pcap file header", offset: bytes.count) }
        let magicLE = ByteReader(bytes).u32(0)!
        var reader = ByteReader(bytes)
        let nanoseconds: Bool
        switch magicLE {
        case 0xA1B2_C3D4: nanoseconds = false
        case 0xA1B2_3C4D: nanoseconds = true
        default:
            reader.littleEndian = false
            nanoseconds = reader.u32(0)! == 0xA1B2_3C4D
        }
        // The low 16 bits are the link type; the high ones may carry FCS flags (pcap-linktype(7)).
        let linkType = Int(reader.u32(20)! & 0xFFFF)
        var count = 0
        var offset = 24
        while offset < bytes.count {
            guard let seconds = reader.u32(offset), let fraction = reader.u32(offset + 4),
                  let captured = reader.u32(offset + 8) else {
                break  // a record header cut short: the capture was interrupted
            }
            let length = Int(captured)
            guard length <= limits.maxPacketLength else {
                throw .malformed(what: "pcap record (captured length \(length) is over \(limits.maxPacketLength))", offset: offset)
            }
            guard reader.has(length, at: offset + 16) else { break }
            guard count < limits.maxEvents else {
                throw .limitExceeded(what: "the number of packets", limit: limits.maxEvents)
            }
            let time = Double(seconds) + Double(fraction) / (nanoseconds ? 1e9 : 1e6)
            guard body(CapturedPacket(time: time, linkType: linkType, data: Array(bytes[(offset + 16)..<(offset + 16 + length)]))) else {
                return offset
            }
            count += 1
            offset += 16 + length
        }
        return nil
    }

    /// pcapng (draft-ietf-opsawg-pcapng): section header, interface descriptions, enhanced and
    /// simple packet blocks; other blocks are skipped by their length.
    static func pcapng(_ bytes: [UInt8], limits: CaptureLimits, _ visit: (CapturedPacket) -> Bool) throws(CaptureError) -> Int? {
        struct Interface {
            var linkType: Int
            var ticksPerSecond: Double
        }
        var reader = ByteReader(bytes)
        var interfaces: [Interface] = []
        var count = 0
        var offset = 0
        while offset < bytes.count {
            guard reader.has(12, at: offset) else { break }
            let rawType = ByteReader(bytes).u32(offset)!
            if rawType == 0x0A0D_0D0A {
                // A section header: its byte-order magic decides how everything after it is read.
                guard let magic = ByteReader(bytes).u32(offset + 8) else { break }
                switch magic {
                case 0x1A2B_3C4D: reader.littleEndian = true
                case 0x4D3C_2B1A: reader.littleEndian = false
                default: throw .malformed(what: "pcapng section header (byte-order magic)", offset: offset)
                }
                interfaces = []
            }
            let type = reader.u32(offset)!
            let length = Int(reader.u32(offset + 4)!)
            guard length >= 12, length % 4 == 0 else {
                throw .malformed(what: "pcapng block (length \(length))", offset: offset)
            }
            guard reader.has(length, at: offset) else { break }  // a block cut short at the end
            let body = offset + 8
            let bodyEnd = offset + length - 4
            switch type {
            case 1:  // interface description
                guard let link = reader.u16(body) else { throw .truncated(what: "a pcapng interface block", offset: offset) }
                var interface = Interface(linkType: Int(link), ticksPerSecond: 1e6)
                var option = body + 8
                while option + 4 <= bodyEnd, let code = reader.u16(option), let optionLength = reader.u16(option + 2) {
                    if code == 0 { break }
                    let value = option + 4
                    if code == 9, optionLength == 1, value < bodyEnd {
                        let resolution = bytes[value]
                        let exponent = Int(resolution & 0x7F)
                        guard exponent <= (resolution & 0x80 != 0 ? 63 : 18) else {
                            throw .malformed(what: "pcapng if_tsresol \(resolution)", offset: value)
                        }
                        interface.ticksPerSecond = resolution & 0x80 != 0 ? pow2(exponent) : pow10(exponent)
                    }
                    option = value + (Int(optionLength) + 3) / 4 * 4
                }
                guard interfaces.count < 4096 else { throw .limitExceeded(what: "pcapng interfaces", limit: 4096) }
                interfaces.append(interface)
            case 6, 3:  // enhanced packet, simple packet
                let isEnhanced = type == 6
                let interfaceID = isEnhanced ? Int(reader.u32(body) ?? UInt32.max) : 0
                guard interfaceID < interfaces.count else {
                    throw .malformed(what: "pcapng packet block (interface \(interfaceID) was never described)", offset: offset)
                }
                let interface = interfaces[interfaceID]
                let dataStart = body + (isEnhanced ? 20 : 4)
                guard let declared = reader.u32(isEnhanced ? body + 12 : body) else {
                    throw .truncated(what: "a pcapng packet block", offset: offset)
                }
                // A simple packet block's length field is the original length; what is there is what fits.
                let captured = isEnhanced ? Int(declared) : min(Int(declared), bodyEnd - dataStart)
                guard captured >= 0, dataStart + captured <= bodyEnd else {
                    throw .malformed(what: "pcapng packet block (captured length \(declared) is larger than the block)", offset: offset)
                }
                guard captured <= limits.maxPacketLength else {
                    throw .malformed(what: "pcapng packet block (captured length \(captured) is over \(limits.maxPacketLength))", offset: offset)
                }
                guard count < limits.maxEvents else {
                    throw .limitExceeded(what: "the number of packets", limit: limits.maxEvents)
                }
                var time = 0.0
                if isEnhanced, let high = reader.u32(body + 4), let low = reader.u32(body + 8) {
                    time = Double(UInt64(high) << 32 | UInt64(low)) / interface.ticksPerSecond
                }
                guard visit(CapturedPacket(time: time, linkType: interface.linkType,
                                           data: Array(bytes[dataStart..<(dataStart + captured)]))) else {
                    return offset
                }
                count += 1
            default:
                break
            }
            offset += length
        }
        return nil
    }

    private static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    private static func pow2(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<exponent { value *= 2 }
        return value
    }
}
