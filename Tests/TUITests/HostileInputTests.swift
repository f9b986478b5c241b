import FrameCore
import Testing
@testable import TUI

/// What a peer declares never sizes what the TUI keeps.
@Suite struct HostileInputTests {
    static let hugeHeader = JSONHeader(byteorder: "little", contentType: "binary/x", contentEncoding: "binary",
                                       contentLength: 999_999_999_999_999_999)

    @Test func aHugeContentLengthTypedWithHexIsShownNotReserved() throws {
        var state = Fixtures.newState()
        let frame = [UInt8(0), UInt8(Self.hugeHeader.encoded.count)] + Self.hugeHeader.encoded
        let line = "hex " + frame.map { PythonRepr.hex2($0) }.joined(separator: " ")
        for c in line { _ = state.handle(.character(c), width: 80, height: 24) }
        let commands = state.handle(.enter, width: 80, height: 24)
        guard case let .send(payload, _, _, _, _, _)? = commands.first else { Issue.record("nothing sent"); return }
        #expect(payload == frame)
        state.apply(Fixtures.event(1, .opened(side: .client, peer: "127.0.0.1:40000", local: "127.0.0.1:50000")))
        state.apply(Fixtures.event(1, .bytes(.out, payload)))
        state.apply(Fixtures.event(2, .opened(side: .server, peer: "127.0.0.1:50000", local: "127.0.0.1:40000")))
        state.apply(Fixtures.event(2, .bytes(.in, payload + Array(repeating: 0x41, count: 5000))))
        let grid = Renderer.render(state, width: 120, height: 40)
        #expect(Fixtures.row(grid, containing: "decoding content 0 / 999,999,999,999,999,999 bytes") != nil)
        state.selectedConnection = 2
        let server = Renderer.render(state, width: 200, height: 60)
        #expect(Fixtures.row(server, containing: "decoding content 5,000 / 999,999,999,999,999,999 bytes") != nil)
    }

    @Test func aServerSendingMoreThanTheRingsHoldStaysBounded() {
        var limits = TUILimits()
        limits.bytesPerStream = 4096
        var state = Fixtures.newState(limits: limits)
        state.apply(Fixtures.event(1, .opened(side: .client, peer: "p", local: "l")))
        state.apply(Fixtures.event(1, .bytes(.in, [0, UInt8(Self.hugeHeader.encoded.count)] + Self.hugeHeader.encoded)))
        let chunk = [UInt8](repeating: 0x42, count: 1 << 20)
        for _ in 0..<20 { state.apply(Fixtures.event(1, .bytes(.in, chunk))) }
        let stream = state.live.connection(1)!.received
        #expect(stream.bytes.count == 4096)
        #expect(stream.total == 20 << 20 + 2 + Self.hugeHeader.encoded.count)
        #expect(stream.progress?.have == 20 << 20)
        #expect(stream.bytes.allSatisfy { $0.part == .content })
    }
}

extension HostileInputTests {
    /// A 65,535-byte JSON header: the required keys, then `extra` (e.g. `"z": [0,0,…]`) filling the rest.
    static func fatHeaderFrame(_ extra: (Int) -> String) -> [UInt8] {
        let base = "{\"byteorder\": \"little\", \"content-type\": \"binary/x\", \"content-encoding\": \"binary\", \"content-length\": 0, "
        let header = Array((base + extra(65_535 - base.utf8.count - 1) + "}").utf8)
        return [UInt8(header.count >> 8), UInt8(header.count & 0xFF)] + header
    }

    /// Before: each decoded message kept its header's parsed JSON tree (~800 KB for 32,000
    /// zeros, 6.7 GB at the rings' 256 connections × 2 directions × 16 messages) and the Decoded
    /// pane rebuilt a line per member and a 65,000-character line per value on every frame.
    @Test("a 64 KiB header of 32,000 zeros or 10,000 members is kept and shown as a bounded window",
          arguments: ["zeros", "members"])
    func aFatHeaderIsKeptAsABoundedWindow(_ kind: String) throws {
        let frame = Self.fatHeaderFrame { room in
            kind == "zeros" ? "\"z\": [" + Array(repeating: "0", count: (room - 7) / 2).joined(separator: ",") + "]"
                            : Array(repeating: "\"a\": 0", count: (room + 2) / 8).joined(separator: ", ")
        }
        #expect(frame.count <= 65_537)
        var state = Fixtures.newState()
        state.apply(Fixtures.event(1, .opened(side: .client, peer: "p", local: "l")))
        for _ in 0..<16 { state.apply(Fixtures.event(1, .bytes(.in, frame))) }
        let messages = state.live.connection(1)!.received.messages
        #expect(messages.count == 16)
        for m in messages {
            #expect(m.header.members.isEmpty, "the parsed tree is not kept")
            #expect(m.fields.count <= DecodedMessage.maxFields)
            #expect(m.fields.allSatisfy { $0.name.utf8.count + $0.value.utf8.count <= 2 * (DecodedMessage.maxFieldBytes + 40) })
            #expect(m.header.contentType == "binary/x")
        }
        let lines = DecodedLines.build(state)
        #expect(lines.count <= DecodedMessage.maxFields + 8, "\(lines.count) lines in the Decoded pane")
        #expect(lines.allSatisfy { $0.text.text.utf8.count <= 2 * DecodedMessage.maxFieldBytes + 100 })
        if kind == "members" {
            #expect(lines.contains { $0.text.text.contains("more header fields") })
        } else {
            #expect(lines.contains { $0.text.text.hasPrefix("\"z\": [0, 0") && $0.text.text.contains("more bytes") })
        }
        _ = Renderer.render(state, width: 200, height: 60)
    }

    @Test("header strings longer than the window are cut on a character boundary and say how much is left out")
    func longHeaderStringsAreCut() {
        let long = String(repeating: "é", count: 1000)
        #expect(DecodedMessage.cut("text/json") == "text/json")
        let cut = DecodedMessage.cut(long)
        #expect(cut.hasPrefix(String(repeating: "é", count: DecodedMessage.maxFieldBytes / 2)))
        #expect(cut.hasSuffix(" … \(2000 - DecodedMessage.maxFieldBytes) more bytes"))
    }
}

@Suite struct GapTests {
    @Test func aGapInsideContentIsCountedAndTheMessageStillCompletes() {
        var state = Fixtures.newState()
        let content = [UInt8](repeating: 0x41, count: 100_000)
        let reply = Message(contentType: "binary/x", contentEncoding: "binary", content: content).encoded
        state.apply(Fixtures.event(1, .opened(side: .client, peer: "p", local: "l")))
        state.apply(Fixtures.event(1, .bytes(.in, Array(reply.prefix(5000)))))
        state.applyGap(time: 1, connection: 1, direction: .in, count: 90_000)
        state.apply(Fixtures.event(1, .bytes(.in, Array(reply.dropFirst(95_000)))))
        let stream = state.live.connection(1)!.received
        #expect(stream.total == reply.count)
        #expect(stream.lostBytes == nil)
        #expect(stream.messages.count == 1)
        #expect(stream.messages.first?.contentLength == 100_000)
        #expect(state.live.events.contains { $0.text == "90,000 received bytes not kept: the screen fell behind" })
    }

    @Test func aGapAcrossAHeaderLosesTheFramingAndSaysSo() {
        var state = Fixtures.newState()
        state.apply(Fixtures.event(1, .opened(side: .client, peer: "p", local: "l")))
        state.apply(Fixtures.event(1, .bytes(.in, [0])))
        state.applyGap(time: 1, connection: 1, direction: .in, count: 10)
        state.apply(Fixtures.event(1, .bytes(.in, [1, 2, 3])))
        let stream = state.live.connection(1)!.received
        #expect(stream.lostBytes == 10)
        #expect(stream.total == 14)
        #expect(stream.bytes.map(\.part) == [.unparsed, .unparsed, .unparsed])
        state.selectedConnection = 1
        let grid = Renderer.render(state, width: 120, height: 40)
        #expect(Fixtures.row(grid, containing: "✗ 10 bytes not kept mid-frame") != nil)
    }
}
