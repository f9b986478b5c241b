@testable import Capture
import FrameCore
import Testing

/// Files made by real tools on loopback while our Python peers (Tools/python) talked on an
/// ephemeral port, not 65432: dumpcap on `lo` (pcapng, Ethernet), tcpdump on `lo` (pcap,
/// Ethernet) and tcpdump on `any` (pcap, Linux cooked v2).
@Suite struct RealCaptureTests {
    static func file(_ name: String) throws -> [UInt8] {
        let directory = String(#filePath.dropLast("RealCaptureTests.swift".count)) + "Captures/"
        return try readFile(directory + name)
    }

    static func messages(_ events: [SessionEvent], _ connection: Int, _ direction: SessionEvent.Direction) -> [Message] {
        SessionFixtures.decoded(SessionFixtures.stream(events, connection: connection, direction))
    }

    @Test(arguments: ["python-lo-dumpcap.pcapng", "python-lo-tcpdump.pcap"])
    func aSearchAndABinaryRequestOfThePythonPeersDecode(name: String) throws {
        let events = try CaptureReader.events(Self.file(name))
        let opened = events.filter { if case .opened = $0.kind { return true } else { return false } }
        #expect(opened.count == 2)
        let search = Self.messages(events, 1, .out), result = Self.messages(events, 1, .in)
        #expect(try search.first?.jsonContent()["value"] == .string("morpheus"))
        #expect(try result.first?.jsonContent()["result"] == .string("Follow the white rabbit. 🐰"))
        #expect(Self.messages(events, 2, .out).first?.content == Array("binary😃".utf8))
        #expect(Self.messages(events, 2, .in).first?.content == Array("First 10 bytes of request: binary😃".utf8))
        #expect(events.filter { if case .closed(reason: "closed (FIN from both ends)") = $0.kind { return true } else { return false } }.count == 2)
    }

    @Test func linuxCookedV2FromTheAnyInterface() throws {
        let events = try CaptureReader.events(Self.file("python-any-sll2.pcap"))
        #expect(try Self.messages(events, 1, .in).first?.jsonContent()["result"] == .string("🐾 Playing ball! 🏐"))
    }
}
