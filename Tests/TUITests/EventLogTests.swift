import FrameCore
import Testing
@testable import TUI

/// The event log: one line per happening, ranges and sizes in words, one row per line.
@Suite struct EventLogTests {
    static let reason = "the JSON header is not valid JSON: expected a string key in the object at byte 1"

    /// The events of `:bad json` in the order the engine emits them.
    static func badJSON(into state: inout TUIState) {
        let bad = MalformedPreset.json.bytes
        state.apply(Fixtures.event(nil, .listening(address: "127.0.0.1:40000", mode: "app")))
        state.apply(Fixtures.event(1, .opened(side: .client, peer: "127.0.0.1:40000", local: "?")))
        state.apply(Fixtures.event(2, .opened(side: .server, peer: "127.0.0.1:50000", local: "127.0.0.1:40000")))
        state.apply(Fixtures.event(1, .log("sending \(PythonRepr.bytes(bad)) to ('127.0.0.1', 40000)")))
        state.apply(Fixtures.event(1, .bytes(.out, bad)))
        state.apply(Fixtures.event(2, .bytes(.in, bad)))
        state.apply(Fixtures.event(2, .error(reason)))
        state.apply(Fixtures.event(2, .closed(reason: reason)))
        state.apply(Fixtures.event(1, .closed(reason: "closed by peer")))
        state.apply(Fixtures.event(1, .error("the server closed the connection before replying: no reply bytes at all")))
    }

    func lines(_ state: TUIState, _ id: Int) -> [String] {
        state.live.events.filter { $0.connection == id }.map(\.text)
    }

    @Test func aMalformedFrameIsOneLinePerHappening() throws {
        var state = Fixtures.newState()
        Self.badJSON(into: &state)
        #expect(lines(state, 2) == ["accepted connection from 127.0.0.1:50000", "read 27 bytes: ✗ not a valid frame", "closed: " + Self.reason])
        #expect(lines(state, 1) == ["connecting to 127.0.0.1:40000", "sending b'\\x00\\x19{byteorder: little, oops}' to ('127.0.0.1', 40000)",
                                    "wrote 27 bytes: ✗ not a valid frame: " + Self.reason,
                                    "closed: the server closed the connection before replying: no reply bytes at all"])
        // Both closes and both bad-frame lines, found and counted first: an empty list would
        // satisfy any allSatisfy.
        let closes = state.live.events.filter { $0.text.contains("closed") }
        #expect(closes.count == 2, "\(closes.map(\.text))")
        let badFrames = state.live.events.filter { $0.text.contains("✗") }
        #expect(badFrames.count == 2, "\(badFrames.map(\.text))")
        #expect((closes + badFrames).allSatisfy { $0.level == .error })
        #expect(state.live.events.filter { $0.text.contains(Self.reason) }.count == 2, "the reason once per connection")
        #expect(state.live.connection(2)?.stateText == "error: " + Self.reason)
        // The rendered pane shows the close in the error style.
        let grid = Renderer.render(state, width: 120, height: 60)
        let y = try #require(Fixtures.row(grid, containing: "#2 closed: the JSON header"))
        let x = try #require(Fixtures.column(grid, y, of: "closed:"))
        #expect(grid[x, y].style == Theme(colors: true).error)
    }

    @Test func aSearchReadsAsOneLinePerReadAndWrite() {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)
        #expect(lines(state, 2) == ["accepted connection from 127.0.0.1:50000",
                                    "read 146 bytes, completing message 1 (text/json, 41 bytes of content)",
                                    "wrote 148 bytes, completing message 1 (text/json, 43 bytes of content)"])
        #expect(lines(state, 1).last == "closed: response processed")
        state.apply(Fixtures.event(3, .opened(side: .client, peer: "p", local: "l")))
        state.apply(Fixtures.event(3, .bytes(.out, [0])))
        #expect(lines(state, 3).last == "wrote 1 byte")
    }

    @Test func aMultiLineResultStaysOnOneRowWithItsBreaksEscaped() throws {
        var state = Fixtures.newState()
        state.apply(Fixtures.event(1, .log("Got result: one\ntwo\tthree\u{1B}]0;x\u{07}")))
        let grid = Renderer.render(state, width: 120, height: 40)
        #expect(Fixtures.row(grid, containing: "#1 Got result: one\\ntwo\\tthree\\x1b]0;x\\x07") != nil)
    }

    @Test func aCloseRightAfterABadFrameLineIsItsOwnLine() {
        // A tap relays a bad frame without decoding it; the far server then just closes.
        var state = Fixtures.newState()
        state.apply(Fixtures.event(1, .opened(side: .server, peer: "127.0.0.1:50000", local: "127.0.0.1:40000")))
        state.apply(Fixtures.event(1, .bytes(.in, MalformedPreset.json.bytes)))
        state.apply(Fixtures.event(1, .closed(reason: "closed by peer")))
        state.apply(Fixtures.event(2, .opened(side: .client, peer: "127.0.0.1:40000", local: "?")))
        state.apply(Fixtures.event(2, .bytes(.out, MalformedPreset.json.bytes)))
        state.apply(Fixtures.event(2, .closed(reason: "closed by peer")))
        #expect(lines(state, 1) == ["accepted connection from 127.0.0.1:50000", "read 27 bytes: ✗ not a valid frame", "closed: closed by peer"])
        #expect(lines(state, 2) == ["connecting to 127.0.0.1:40000", "wrote 27 bytes: ✗ not a valid frame: " + Self.reason, "closed: closed by peer"])
    }
}
