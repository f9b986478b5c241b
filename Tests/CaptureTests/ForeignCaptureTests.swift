@testable import Capture
import FrameCore
import Testing

/// Captures as other tools write them: built here byte by byte (pcapng blocks, link headers,
/// byte orders, timestamp resolutions) and read back through the same path as a recording.
@Suite struct ForeignCaptureTests {
    static let client = Endpoint("127.0.0.1:50000")!
    static let server = Endpoint("127.0.0.1:43210")!

    /// A conversation as TCP segments: handshake, the request in `chunks`, the reply, FINs and ACKs.
    static func conversation(chunks: Int = 3, client: Endpoint = client, server: Endpoint = server) -> [TCPSegment] {
        var c: UInt32 = 4_000_000_000, s: UInt32 = 77  // the client's sequence wraps past 2^32
        var out: [TCPSegment] = []
        var t = 100.0
        func send(_ fromClient: Bool, _ flags: TCPFlags, _ payload: [UInt8] = []) {
            t += 0.01
            out.append(TCPSegment(time: t, source: fromClient ? client : server, destination: fromClient ? server : client,
                                  sequence: fromClient ? c : s, acknowledgement: fromClient ? s : c, flags: flags, payload: payload))
            let advance = UInt32(payload.count) + (flags.contains(.syn) || flags.contains(.fin) ? 1 : 0)
            if fromClient { c &+= advance } else { s &+= advance }
        }
        send(true, [.syn])
        send(false, [.syn, .ack])
        send(true, [.ack])
        let request = SessionFixtures.request
        let size = (request.count + chunks - 1) / chunks
        for start in stride(from: 0, to: request.count, by: size) {
            send(true, [.psh, .ack], Array(request[start..<min(request.count, start + size)]))
            send(false, [.ack])
        }
        send(false, [.psh, .ack], SessionFixtures.reply)
        send(false, [.fin, .ack])
        send(true, [.fin, .ack])
        send(false, [.ack])
        return out
    }

    enum Link { case ethernet, sll, sll2, null, raw }

    static func frame(_ segment: TCPSegment, link: Link) -> [UInt8] {
        let ip = PacketBuilder.packet(segment, ipID: 1)
        let etherType: [UInt8] = segment.source.isIPv6 ? [0x86, 0xDD] : [0x08, 0x00]
        switch link {
        case .ethernet: return Array(repeating: 0, count: 12) + [0x81, 0x00, 0, 5] + etherType + ip  // with a VLAN tag
        case .sll: return [0, 0, 3, 4, 0, 6] + Array(repeating: 0, count: 8) + etherType + ip
        case .sll2: return etherType + [0, 0, 0, 0, 0, 1, 0, 4, 0, 6] + Array(repeating: 0, count: 8) + ip
        case .null: return (segment.source.isIPv6 ? [10, 0, 0, 0] : [2, 0, 0, 0]) + ip
        case .raw: return ip
        }
    }

    static func linkType(_ link: Link) -> UInt32 {
        switch link {
        case .ethernet: return 1
        case .sll: return 113
        case .sll2: return 276
        case .null: return 0
        case .raw: return 101
        }
    }

    static func u32(_ v: UInt32, big: Bool) -> [UInt8] {
        let le = [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
        return big ? le.reversed() : le
    }

    static func u16(_ v: UInt16, big: Bool) -> [UInt8] {
        big ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)]
    }

    static func pcap(_ segments: [TCPSegment], link: Link, big: Bool = false, nanoseconds: Bool = false) -> [UInt8] {
        var file = u32(nanoseconds ? 0xA1B2_3C4D : 0xA1B2_C3D4, big: big) + u16(2, big: big) + u16(4, big: big)
        file += u32(0, big: big) + u32(0, big: big) + u32(65535, big: big) + u32(linkType(link), big: big)
        for segment in segments {
            let data = frame(segment, link: link)
            let seconds = UInt32(segment.time)
            let fraction = UInt32(((segment.time - Double(seconds)) * (nanoseconds ? 1e9 : 1e6)).rounded())
            file += u32(seconds, big: big) + u32(fraction, big: big) + u32(UInt32(data.count), big: big) + u32(UInt32(data.count), big: big)
            file += data
        }
        return file
    }

    static func block(_ type: UInt32, _ body: [UInt8], big: Bool) -> [UInt8] {
        var body = body
        while body.count % 4 != 0 { body.append(0) }
        let length = UInt32(12 + body.count)
        return u32(type, big: big) + u32(length, big: big) + body + u32(length, big: big)
    }

    static func pcapng(_ segments: [TCPSegment], link: Link, big: Bool = false, nanoseconds: Bool = true) -> [UInt8] {
        var file = block(0x0A0D_0D0A, u32(0x1A2B_3C4D, big: big) + u16(1, big: big) + u16(0, big: big) + Array(repeating: 0xFF, count: 8), big: big)
        var idb = u16(UInt16(linkType(link)), big: big) + u16(0, big: big) + u32(262_144, big: big)
        if nanoseconds { idb += u16(9, big: big) + u16(1, big: big) + [9, 0, 0, 0] }
        idb += u16(0, big: big) + u16(0, big: big)
        file += block(1, idb, big: big)
        file += block(5, Array(repeating: 1, count: 16), big: big)  // an interface statistics block, skipped
        for segment in segments {
            let data = frame(segment, link: link)
            let ticks = UInt64((segment.time * (nanoseconds ? 1e9 : 1e6)).rounded())
            var body = u32(0, big: big) + u32(UInt32(ticks >> 32), big: big) + u32(UInt32(ticks & 0xFFFF_FFFF), big: big)
            body += u32(UInt32(data.count), big: big) + u32(UInt32(data.count), big: big) + data
            file += block(6, body, big: big)
        }
        return file
    }

    private func expectConversation(_ events: [SessionEvent], client: Endpoint = client, server: Endpoint = server) {
        #expect(events.first?.kind == .opened(side: .client, peer: server.description, local: client.description))
        #expect(SessionFixtures.stream(events, connection: 1, .out) == SessionFixtures.request)
        #expect(SessionFixtures.stream(events, connection: 1, .in) == SessionFixtures.reply)
        #expect(events.last?.kind == .closed(reason: "closed (FIN from both ends)"))
        #expect(abs((events.first?.time ?? 0) - 100.01) < 1e-6)
    }

    @Test(arguments: [Link.ethernet, .sll, .sll2, .null, .raw])
    func pcapOfEveryLinkTypeInBothByteOrders(link: Link) throws {
        for big in [false, true] {
            for nanoseconds in [false, true] {
                expectConversation(try CaptureReader.events(Self.pcap(Self.conversation(), link: link, big: big, nanoseconds: nanoseconds)))
            }
        }
    }

    @Test(arguments: [Link.ethernet, .sll2, .raw])
    func pcapngInBothByteOrdersAndResolutions(link: Link) throws {
        for big in [false, true] {
            for nanoseconds in [false, true] {
                expectConversation(try CaptureReader.events(Self.pcapng(Self.conversation(), link: link, big: big, nanoseconds: nanoseconds)))
            }
        }
    }

    @Test func ipv6Streams() throws {
        let client = Endpoint("[::1]:50000")!, server = Endpoint("[::1]:43210")!
        for link in [Link.ethernet, .sll, .sll2, .raw, .null] {
            let file = Self.pcapng(Self.conversation(client: client, server: server), link: link)
            expectConversation(try CaptureReader.events(file), client: client, server: server)
        }
    }

    @Test func retransmissionsOverlapsAndReorderingAreUndone() throws {
        var segments = Self.conversation(chunks: 6)
        let data = segments.indices.filter { !segments[$0].payload.isEmpty && segments[$0].source == Self.client }
        // Swap two request segments, duplicate one, and add one overlapping its neighbours.
        segments.swapAt(data[1], data[3])
        segments.insert(segments[data[2]], at: data[4])
        var overlap = segments[data[0]]
        overlap.payload += Array(SessionFixtures.request[overlap.payload.count..<(overlap.payload.count + 5)])
        segments.insert(overlap, at: data[0] + 1)
        expectConversation(try CaptureReader.events(Self.pcap(segments, link: .raw)))
    }

    @Test func aGapThatNeverFillsIsReportedAndSkipped() throws {
        var segments = Self.conversation(chunks: 6)
        let lost = segments.firstIndex { !$0.payload.isEmpty }!
        let lostCount = segments[lost].payload.count
        segments.remove(at: lost)
        var limits = CaptureLimits.default
        limits.maxPendingSegments = 2
        let packets = try PcapFileReader.packets(Self.pcap(segments, link: .raw), limits: limits)
        let events = TCPReassembler.events(from: packets.compactMap(PacketDecoder.segment), limits: limits)
        #expect(events.contains { $0.kind == .error("\(lostCount) bytes from the client are missing from the capture") })
        #expect(SessionFixtures.stream(events, connection: 1, .out) == Array(SessionFixtures.request.dropFirst(lostCount)))
    }

    @Test func aCaptureStartedMidStreamAndPortReuse() throws {
        let whole = Self.conversation()
        let midStream = Array(whole.dropFirst(3))
        let events = try CaptureReader.events(Self.pcap(midStream + whole, link: .raw))
        #expect(SessionFixtures.stream(events, connection: 1, .out) == SessionFixtures.request)
        #expect(SessionFixtures.stream(events, connection: 2, .out) == SessionFixtures.request)
        #expect(SessionFixtures.stream(events, connection: 2, .in) == SessionFixtures.reply)
    }

    @Test func aStreamStillOpenAtTheEndIsClosedAsSuch() throws {
        let events = try CaptureReader.events(Self.pcap(Array(Self.conversation().dropLast(3)), link: .raw))
        #expect(events.last?.kind == .closed(reason: "the capture ends here"))
    }

    @Test func aResetClosesTheStream() throws {
        var segments = Array(Self.conversation().prefix(4))
        segments.append(TCPSegment(time: 200, source: Self.server, destination: Self.client, sequence: 78, acknowledgement: 0, flags: [.rst]))
        let events = try CaptureReader.events(Self.pcap(segments, link: .raw))
        #expect(events.last?.kind == .closed(reason: "reset by server (RST)"))
    }

    @Test(arguments: [Link.ethernet, .sll, .sll2, .null, .raw])
    func aPacketCutInsideItsLinkHeaderIsSkipped(link: Link) throws {
        // A record of each link type holding only the first bytes of its link header.
        for length in 0..<24 {
            let frame = Array(Self.frame(Self.conversation()[3], link: link).prefix(length))
            #expect(PacketDecoder.segment(CapturedPacket(time: 0, linkType: Int(Self.linkType(link)), data: frame)) == nil)
        }
        // The fuzzer's find: a 2-byte SLL2 record naming IPv4.
        #expect(PacketDecoder.segment(CapturedPacket(time: 0, linkType: 276, data: [0x08, 0x00])) == nil)
    }

    @Test func hostileFilesFailWithTypedErrorsAndNeverTrap() throws {
        #expect(throws: CaptureError.unknownFormat(firstBytes: [0x47, 0x49, 0x46, 0x38])) { try CaptureReader.events(Array("GIF8".utf8)) }
        #expect(throws: CaptureError.unknownFormat(firstBytes: [])) { try CaptureReader.events([]) }
        #expect(throws: CaptureError.truncated(what: "the pcap file header", offset: 10)) {
            try CaptureReader.events(Array(Self.pcap([], link: .raw).prefix(10)))
        }
        var hugeRecord = Self.pcap(Self.conversation(), link: .raw)
        hugeRecord.replaceSubrange(32..<36, with: Self.u32(0xFFFF_FFF0, big: false))
        #expect(throws: CaptureError.malformed(what: "pcap record (captured length 4294967280 is over 262144)", offset: 24)) {
            try CaptureReader.events(hugeRecord)
        }
        var badBlock = Self.pcapng(Self.conversation(), link: .raw)
        badBlock.replaceSubrange(4..<8, with: Self.u32(13, big: false))
        #expect(throws: CaptureError.malformed(what: "pcapng block (length 13)", offset: 0)) { try CaptureReader.events(badBlock) }
        #expect(throws: CaptureError.unsupportedLinkType(147)) {
            var file = Self.pcap(Self.conversation(), link: .raw)
            file.replaceSubrange(20..<24, with: Self.u32(147, big: false))
            return try CaptureReader.events(file)
        }
        // Every prefix of every kind of file, and every byte flipped, reads or fails cleanly.
        let files = [Self.pcap(Self.conversation(), link: .sll2), Self.pcapng(Self.conversation(), link: .ethernet, big: true),
                     Self.pcapng(Self.conversation(client: Endpoint("[::1]:1")!, server: Endpoint("[::1]:2")!), link: .null)]
        for file in files {
            for length in stride(from: 0, through: file.count, by: 1) { _ = try? CaptureReader.events(Array(file.prefix(length))) }
            for index in file.indices {
                var mutated = file
                mutated[index] ^= 0xFF
                _ = try? CaptureReader.events(mutated)
            }
        }
    }
}
