import Capture
import FrameCore
import Foundation
import LoopbackTestSupport
import Peers
import Reactor
import Recorder
import Synchronization
import Testing

/// A whole session recorded as JSON Lines and as pcap through the real recorder, read back:
/// the same bytes each way of every connection, the same decoded messages, and (when tshark is
/// installed) tshark reassembling the same bytes from our pcap.
///
/// The session: a search, a binary request, a request sent in 1-byte chunks, a malformed frame and
/// 50 concurrent clients against an in-process server; the chunked client's own events are in the
/// session too, as the TUI's client and its embedded server are, so its connection has both ends.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct RecordingRoundTripTests {
    /// Client connection ids are moved out of the server's range: they come from another loop.
    static let clientIDOffset = 1_000_000

    static func session() throws -> (events: [SessionEvent], serverConnections: Int) {
        let server = try ServerHarness()
        defer { _ = server.stop() }
        let port = server.port
        let search = AppClient.run(host: "127.0.0.1", port: port, request: .search("morpheus"), sink: .silent())
        #expect((try? search.get())?.content == Array("{\"result\": \"Follow the white rabbit. 🐰\"}".utf8))
        let binary = AppClient.run(host: "127.0.0.1", port: port, request: AppRequest(action: "binary", value: "😃"), sink: .silent())
        #expect((try? binary.get()) != nil)
        let clientEvents = Mutex<[SessionEvent]>([])
        let clientSink = SessionSink(logger: SessionSink.silent().logger) { event in clientEvents.withLock { $0.append(event) } }
        let chunked = AppClient.run(host: "127.0.0.1", port: port, request: .search("ring"), plan: SendPlan(chunkSize: 1),
                                    sink: clientSink)
        #expect((try? chunked.get()) != nil)
        let bad = try RawClient(port: port)
        #expect(bad.send([0x00, 0x02, UInt8(ascii: "["), UInt8(ascii: "]")]))
        bad.shutdownWrite()
        _ = bad.readable(withinMilliseconds: 2000)
        let many = try ClientBatch.appClients(port: port, requests: Array(repeating: AppRequest.search("🐶").message().encoded, count: 50))
        #expect(many.allSatisfy { (try? $0?.get()) != nil })
        #expect(eventually(timeout: 10) { server.openConnections == 0 })
        let serverEvents = server.allEvents
        let moved = clientEvents.withLock { $0 }.map { event in
            var event = event
            event.connection = event.connection.map { $0 + clientIDOffset }
            return event
        }
        let all = (serverEvents + moved).enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        let opened = serverEvents.filter { if case let .opened(side, _, _) = $0.kind { return side != .listener } else { return false } }.count
        return (all, opened)
    }

    static func record(_ events: [SessionEvent], as name: String) throws -> (path: String, events: [SessionEvent]) {
        let path = NSTemporaryDirectory() + "socketlab-roundtrip-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
        let recorder = try SessionRecorder(path: path)
        for event in events { recorder.record(event) }
        let status = recorder.stop()
        #expect(status.stoppedBecause == nil)
        return (path, try CaptureFile.events(path))
    }

    /// Bytes each way of every connection, keyed by its endpoints as (client, server).
    static func streams(_ events: [SessionEvent]) -> [String: (toServer: [UInt8], toClient: [UInt8])] {
        var ends: [Int: (key: String, isClient: Bool)] = [:]
        var result: [String: (toServer: [UInt8], toClient: [UInt8])] = [:]
        var connected: [Int: String] = [:]
        for event in events {
            guard let id = event.connection else { continue }
            switch event.kind {
            case let .opened(side, peer, local):
                if side == .server { ends[id] = ("\(peer) → \(local)", false) } else { connected[id] = peer }
                if side == .client, local != "?" { ends[id] = ("\(local) → \(peer)", true) }
            case let .state(text) where text.hasPrefix(PcapWriter.connectedPrefix):
                if let peer = connected[id] { ends[id] = ("\(text.dropFirst(PcapWriter.connectedPrefix.count)) → \(peer)", true) }
            case let .bytes(direction, bytes):
                guard let end = ends[id] else { continue }
                var entry = result[end.key] ?? ([], [])
                if end.isClient == (direction == .out) { entry.toServer += bytes } else { entry.toClient += bytes }
                result[end.key] = entry
            default:
                break
            }
        }
        return result
    }

    static func messages(_ bytes: [UInt8]) -> [Message] {
        var decoder = FrameDecoder()
        decoder.feed(bytes)
        var out: [Message] = []
        while let message = try? decoder.next() { out.append(message) }
        return out
    }

    @Test func jsonLinesAndPcapGiveBackTheSameBytesAndMessages() throws {
        let (events, serverConnections) = try Self.session()
        #expect(serverConnections == 54)
        let jsonl = try Self.record(events, as: "session.jsonl")
        defer { unlink(jsonl.path) }
        let pcap = try Self.record(events, as: "session.pcap")
        defer { unlink(pcap.path) }

        // JSON Lines keeps every event as it was.
        #expect(jsonl.events == events)

        // The pcap holds one stream per connection (the chunked one once, not twice), with the
        // same bytes each way as the server saw and the same messages decoded from them.
        let original = Self.streams(events.filter { ($0.connection ?? 0) < Self.clientIDOffset })
        let fromPcap = Self.streams(pcap.events)
        #expect(original.count == 54)
        #expect(Set(fromPcap.keys) == Set(original.keys))
        for (key, stream) in original {
            #expect(fromPcap[key]?.toServer == stream.toServer, "\(key) to server")
            #expect(fromPcap[key]?.toClient == stream.toClient, "\(key) to client")
            #expect(Self.messages(fromPcap[key]?.toServer ?? []) == Self.messages(stream.toServer))
            #expect(Self.messages(fromPcap[key]?.toClient ?? []) == Self.messages(stream.toClient))
        }
        // The chunked client's own view (both ends were recorded) agrees with the server's.
        let clientView = Self.streams(events.filter { ($0.connection ?? 0) >= Self.clientIDOffset })
        #expect(clientView.count == 1)
        for (key, stream) in clientView {
            #expect(original[key]?.toServer == stream.toServer)
            #expect(original[key]?.toClient == stream.toClient)
        }
        let decodedRequests = original.values.flatMap { Self.messages($0.toServer) }
        #expect(decodedRequests.count == 53, "every request but the malformed frame decodes")

        try checkWithTshark(pcap.path, expected: fromPcap)
    }

    /// tshark's `follow,tcp,raw` of every stream, in one run, against what we read.
    func checkWithTshark(_ path: String, expected: [String: (toServer: [UInt8], toClient: [UInt8])]) throws {
        guard let tshark = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return  // tshark is not installed here; .ci/run installs it
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tshark)
        process.arguments = ["-q", "-r", path] + (0..<expected.count).flatMap { ["-z", "follow,tcp,raw,\($0)"] }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var followed: [String: (toServer: [UInt8], toClient: [UInt8])] = [:]
        var key: String?
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Node 0: ") {
                key = String(line.dropFirst(8))
            } else if line.hasPrefix("Node 1: "), let client = key {
                key = client + " → " + line.dropFirst(8)
                followed[key!] = ([], [])
            } else if let current = key, followed[current] != nil, !line.isEmpty, !line.hasPrefix("====") {
                let backward = line.hasPrefix("\t")
                let hex = Array(line.trimmingCharacters(in: .whitespaces).utf8)
                var bytes: [UInt8] = []
                var i = 0
                while i + 1 < hex.count, let byte = UInt8(String(decoding: hex[i...(i + 1)], as: UTF8.self), radix: 16) {
                    bytes.append(byte)
                    i += 2
                }
                if backward { followed[current]!.toClient += bytes } else { followed[current]!.toServer += bytes }
            }
        }
        #expect(followed.count == expected.count)
        for (key, stream) in expected {
            #expect(followed[key]?.toServer == stream.toServer, "tshark, \(key) to server")
            #expect(followed[key]?.toClient == stream.toClient, "tshark, \(key) to client")
        }
    }
}
