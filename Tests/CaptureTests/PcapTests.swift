@testable import Capture
import FrameCore
import Testing

@Suite struct PcapTests {
    private func segments(_ file: [UInt8]) throws -> [TCPSegment] {
        try PcapFileReader.packets(file).compactMap(PacketDecoder.segment)
    }

    @Test func aConnectionBecomesHandshakeDataAndCloseWithConsistentSequenceNumbers() throws {
        let file = SessionFixtures.encode(SessionFixtures.clientSession(chunk: 50), with: PcapWriter())
        let segs = try segments(file)
        let flags = segs.map(\.flags)
        #expect(flags.prefix(3) == [[.syn], [.syn, .ack], [.ack]])
        #expect(flags.suffix(3) == [[.fin, .ack], [.fin, .ack], [.ack]])
        // 3 request chunks + 2 reply reads.
        #expect(segs.count == 3 + 3 + 2 + 3)
        let client = try #require(Endpoint(SessionFixtures.client)), server = try #require(Endpoint(SessionFixtures.server))
        #expect(segs[0].source == client && segs[0].destination == server)
        #expect(segs[1].acknowledgement == segs[0].sequence &+ 1)
        var clientNext = segs[0].sequence &+ 1, serverNext = segs[1].sequence &+ 1
        for segment in segs.dropFirst(2) {
            let fromClient = segment.source == client
            #expect(segment.sequence == (fromClient ? clientNext : serverNext))
            #expect(segment.acknowledgement == (fromClient ? serverNext : clientNext))
            let advance = UInt32(segment.payload.count) + (segment.flags.contains(.fin) ? 1 : 0)
            if fromClient { clientNext &+= advance } else { serverNext &+= advance }
        }
        // "closed by peer" on the client: the server sent the first FIN.
        #expect(segs[segs.count - 3].source == server)
    }

    @Test func checksumsAreValid() throws {
        var events = SessionFixtures.clientSession(chunk: 3)
        events += SessionFixtures.clientSession(id: 2, local: "[::1]:40000", peer: "[::1]:65432")
        let packets = try PcapFileReader.packets(SessionFixtures.encode(events, with: PcapWriter()))
        #expect(packets.count > 20)
        for packet in packets {
            let data = packet.data
            var tcpStart = 40
            var source = Array(data[8..<24]), destination = Array(data[24..<40])
            if data[0] >> 4 == 4 {
                #expect(InternetChecksum.finish(InternetChecksum.add(data[0..<20], to: 0)) == 0, "IPv4 header checksum")
                tcpStart = 20
                source = Array(data[12..<16])
                destination = Array(data[16..<20])
            }
            // Summing a segment that includes its own checksum gives zero.
            #expect(PacketBuilder.tcpChecksum(data[tcpStart...], source: source, destination: destination) == 0)
        }
    }

    @Test func bytesComeBackExactlyThroughReassembly() throws {
        var events = SessionFixtures.clientSession(chunk: 1)
        events += SessionFixtures.clientSession(id: 2, local: "[::1]:40000", peer: "[::1]:65432", chunk: 13, start: 1_764_680_001)
        let read = try CaptureReader.events(SessionFixtures.encode(events, with: PcapWriter()))
        for id in [1, 2] {
            #expect(SessionFixtures.stream(read, connection: id, .out) == SessionFixtures.request)
            #expect(SessionFixtures.stream(read, connection: id, .in) == SessionFixtures.reply)
        }
        #expect(read.first == SessionEvent(time: read[0].time, connection: 1,
                                           kind: .opened(side: .client, peer: SessionFixtures.server, local: SessionFixtures.client)))
        #expect(SessionFixtures.decoded(SessionFixtures.stream(read, connection: 1, .out)).count == 1)
    }

    @Test func aWriteLargerThanOneSegmentIsSplitAt65495Bytes() throws {
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let events = [
            SessionEvent(time: 5, connection: 1, kind: .opened(side: .server, peer: "10.0.0.2:5000", local: "10.0.0.1:65432")),
            SessionEvent(time: 6, connection: 1, kind: .bytes(.out, big)),
            SessionEvent(time: 7, connection: 1, kind: .closed(reason: "response sent")),
        ]
        let segs = try segments(SessionFixtures.encode(events, with: PcapWriter()))
        #expect(segs.filter { !$0.payload.isEmpty }.map(\.payload.count) == [65_495, 65_495, 65_495, 3_515])
        let read = try CaptureReader.events(SessionFixtures.encode(events, with: PcapWriter()))
        #expect(SessionFixtures.stream(read, connection: 1, .in) == big)
    }

    @Test func bothEndsInTheSessionAppearAsOneStream() throws {
        // The embedded server accepts before the client learns its own address, or after; the
        // events interleave by time as the one event loop reports them.
        func session(serverStart: Double) -> [SessionEvent] {
            (SessionFixtures.clientSession(id: 1) + SessionFixtures.serverSession(id: 2, start: serverStart)).sorted { $0.time < $1.time }
        }
        let serverFirst = session(serverStart: 1_764_680_000.2511)
        let clientFirst = session(serverStart: 1_764_680_000.2525)
        for events in [serverFirst, clientFirst] {
            let segs = try segments(SessionFixtures.encode(events, with: PcapWriter()))
            #expect(segs.filter { $0.flags == [.syn] }.count == 1)
            let read = try CaptureReader.events(SessionFixtures.encode(events, with: PcapWriter()))
            #expect(SessionFixtures.stream(read, connection: 1, .out) == SessionFixtures.request)
            #expect(SessionFixtures.stream(read, connection: 1, .in) == SessionFixtures.reply)
            #expect(!read.contains { $0.connection == 2 })
        }
    }

    @Test func aConnectionThatNeverConnectedWritesNothing() throws {
        let events = [
            SessionEvent(time: 1, connection: 1, kind: .opened(side: .client, peer: "127.0.0.1:1", local: "?")),
            SessionEvent(time: 2, connection: 1, kind: .closed(reason: "connection refused")),
        ]
        #expect(SessionFixtures.encode(events, with: PcapWriter()).count == 24)
        #expect(throws: CaptureError.empty) { try CaptureReader.events(SessionFixtures.encode(events, with: PcapWriter())) }
    }
}
