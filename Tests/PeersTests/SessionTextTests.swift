import FrameCore
import LoopbackTestSupport
import Peers
import Testing

/// What the sink passes on from a peer: escaped in the log and the events, and bounded in the
/// events (the TUI), so a 100 KiB search value is one short event line, not 100 KiB of text.
@Suite("session text from peers", .timeLimit(.minutes(1)))
struct SessionTextTests {
    @Test("a watched app server reports each connection's stages: awaiting request, then sending reply")
    func stagesReachAWatcher() throws {
        let server = try ServerHarness()
        defer { _ = server.stop() }
        let result = AppClient.run(host: "127.0.0.1", port: server.port, request: .search("morpheus"), timeout: .seconds(10), sink: .silent())
        #expect((try? result.get()) != nil, "\(result)")
        let stages = { server.allEvents.compactMap { event -> String? in
            if case let .state(text) = event.kind { return text }
            return nil
        } }
        #expect(eventually { stages().count >= 2 })
        #expect(stages() == ["awaiting request", "sending reply"])
    }

    @Test("a huge hostile search value: the event is escaped and cut, the log escaped and whole")
    func hugeHostileValue() throws {
        let server = try ServerHarness()
        defer { _ = server.stop() }
        let value = "\u{1B}]0;pwned\u{07}" + String(repeating: "v", count: 100_000)
        let result = AppClient.run(host: "127.0.0.1", port: server.port, request: .search(value), timeout: .seconds(10), sink: .silent())
        #expect((try? result.get()) != nil, "\(result)")
        #expect(eventually { server.logEvents.contains { $0.hasPrefix("received request ") } })
        let event = try #require(server.logEvents.first { $0.hasPrefix("received request ") })
        #expect(event.utf8.count <= SessionSink.maxEventTextBytes + 40, "\(event.utf8.count) bytes")
        #expect(event.hasPrefix(#"received request {'action': 'search', 'value': '\x1b]0;pwned\x07vvv"#), "\(event.prefix(80))")
        #expect(event.hasSuffix(" more bytes"), "\(event.suffix(40))")
        let logged = try #require(server.logs.all().first { $0.hasPrefix("received request ") })
        #expect(logged.contains(String(repeating: "v", count: 100_000)), "the log line keeps the whole request")
        #expect(!logged.unicodeScalars.contains { $0.value < 0x20 }, "the log line has no raw control character")
        let reply = try #require(server.logEvents.first { $0.hasPrefix("sending b") })
        #expect(reply.utf8.count <= SessionSink.maxEventTextBytes + 200, "\(reply.utf8.count) bytes")
    }
}
