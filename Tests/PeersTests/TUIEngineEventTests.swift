import FrameCore
import Peers
import LoopbackTestSupport
import Testing

/// The TUI's event stream reports each happening once: the loop's `.opened`/`.closed` events
/// are not repeated by the roles' tutorial lines, and an error sits next to the close it explains.
@Suite("TUI engine events", .timeLimit(.minutes(1)))
struct TUIEngineEventTests {
    /// The session events drained so far (no gaps in these small exchanges).
    static func drain(_ engine: TUIEngine) -> [SessionEvent] {
        engine.drainEvents().events.compactMap { if case let .session(e) = $0 { e } else { nil } }
    }

    /// Runs `payload` against an embedded app server; returns the events until both ends have
    /// closed and the client has said how its request ended (a result line or an error).
    func events(sending payload: [UInt8]) throws -> [SessionEvent] {
        let engine = TUIEngine(target: .embedded(.app))
        _ = try engine.start()
        defer { engine.stop() }
        engine.send(payload: payload, count: 1, plan: .whole, framed: true, halfClose: false)
        var events: [SessionEvent] = []
        let done = eventually {
            events += Self.drain(engine)
            let client = events.first { if case .opened(.client, _, _) = $0.kind { true } else { false } }?.connection
            let closes = events.filter { if case .closed = $0.kind { true } else { false } }.count
            let ended = events.contains {
                guard $0.connection == client else { return false }
                switch $0.kind {
                case let .log(text): return text.hasPrefix("Got ")
                case .error: return true
                default: return false
                }
            }
            return closes == 2 && ended
        }
        #expect(done, "both ends close and the client reports; got \(events.map(\.kind))")
        return events
    }

    @Test("an accept and a close are reported once, as loop events, not again as log lines")
    func acceptAndCloseOnce() throws {
        let events = try events(sending: AppRequest.search("morpheus").message().encoded)
        let logs = events.compactMap { if case let .log(text) = $0.kind { text } else { nil } }
        #expect(!logs.contains { $0.hasPrefix("accepted connection") || $0.hasPrefix("closing connection") }, "\(logs)")
        #expect(events.filter { if case let .opened(side, _, _) = $0.kind { side != .listener } else { false } }.count == 2)
        #expect(logs.contains("Got result: Follow the white rabbit. \u{1F430}"))
    }

    @Test("a malformed frame: the server's one error comes right before its close, with the same reason")
    func malformedErrorBesideItsClose() throws {
        let header = Array("{byteorder: little, oops}".utf8)
        let events = try events(sending: [0, UInt8(header.count)] + header)
        let server = try #require(events.first { if case .opened(.server, _, _) = $0.kind { true } else { false } }?.connection)
        let mine = events.filter { $0.connection == server }
        let errors = mine.indices.filter { if case .error = mine[$0].kind { true } else { false } }
        #expect(errors.count == 1, "\(mine.map(\.kind))")
        guard let e = errors.first, case let .error(reason) = mine[e].kind else { return }
        #expect(reason.hasPrefix("the JSON header is not valid JSON"))
        let next = mine[(e + 1)...].first {
            switch $0.kind {
            case .interest, .selector: false
            default: true
            }
        }
        #expect(next?.kind == .closed(reason: reason))
    }

    @Test("a chunk's place in the request reads in words, counted from 1")
    func chunkRangeInWords() {
        #expect(SendPlan.describe(26..<27, of: 146) == "byte 27 of 146")
        #expect(SendPlan.describe(0..<40, of: 146) == "bytes 1–40 of 146")
    }

    @Test("the embedded echo server says echo, serves every client, and :chunk really sends in pieces")
    func echoModeChunks() throws {
        let engine = TUIEngine(target: .embedded(.echo))
        _ = try engine.start()
        defer { engine.stop() }
        let payload = Array("Hello".utf8)
        var events: [SessionEvent] = []
        for round in 1...2 {
            engine.send(payload: payload, count: 1, plan: SendPlan(chunkSize: 1, delay: .milliseconds(5)), framed: false, halfClose: false)
            let done = eventually {
                events += Self.drain(engine)
                return events.filter { if case .log(let t) = $0.kind { t.hasPrefix("Received ") } else { false } }.count == round
            }
            #expect(done, "round \(round): the echo comes back; got \(events.map(\.kind))")
        }
        #expect(events.contains { if case .listening(_, "echo") = $0.kind { true } else { false } }, "the log says echo, as the title")
        let clients = Set(events.compactMap { if case .opened(.client, _, _) = $0.kind { $0.connection } else { nil } })
        #expect(clients.count == 2)
        for id in clients {
            let writes = events.filter { $0.connection == id }.compactMap { if case let .bytes(.out, b) = $0.kind { b } else { nil } }
            #expect(writes == payload.map { [$0] }, "one byte per write on connection \(id)")
            let logs = events.filter { $0.connection == id }.compactMap { if case let .log(t) = $0.kind { t } else { nil } }
            #expect(logs.contains("sending byte 5 of 5"))
            #expect(logs.contains("Received b'Hello'"))
        }
    }

    @Test("a request left without a reply is closed after the reply timeout, with the reason", arguments: [true, false])
    func replyTimeout(framed: Bool) throws {
        // Listening but never accepting: the connect succeeds (backlog), no reply ever comes.
        let listener = try RawListener()
        let engine = TUIEngine(target: .external(host: "127.0.0.1", port: listener.port), replyTimeout: .milliseconds(300))
        _ = try engine.start()
        defer { engine.stop() }
        engine.send(payload: AppRequest.search("morpheus").message().encoded, count: 1, plan: .whole, framed: framed, halfClose: false)
        let reason = "no reply from 127.0.0.1:\(listener.port) within 0.3 s (--timeout)"
        var events: [SessionEvent] = []
        let closed = eventually {
            events += Self.drain(engine)
            return events.contains { $0.kind == .error(reason) } && events.contains { if case .closed = $0.kind { true } else { false } }
        }
        #expect(closed, "\(events.map(\.kind))")
    }

    @Test("the reply timeout starts when the request is out: a slow chunked send is not cut")
    func slowSendIsNotCut() throws {
        let engine = TUIEngine(target: .embedded(.app), replyTimeout: .milliseconds(300))
        _ = try engine.start()
        defer { engine.stop() }
        // 146 bytes in 50-byte chunks 200 ms apart: about 400 ms of sending.
        engine.send(payload: AppRequest.search("morpheus").message().encoded, count: 1,
                       plan: SendPlan(chunkSize: 50, delay: .milliseconds(200)), framed: true, halfClose: false)
        var events: [SessionEvent] = []
        let answered = eventually {
            events += Self.drain(engine)
            return events.contains { $0.kind == .log("Got result: Follow the white rabbit. \u{1F430}") }
        }
        #expect(answered, "\(events.map(\.kind))")
        #expect(!events.contains { if case .error = $0.kind { true } else { false } })
    }
}
