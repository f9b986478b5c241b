import FrameCore
import Testing
@testable import TUI

/// `:record FILE` / `:record stop` become commands for the runtime; the badge it sets is drawn.
@Suite struct RecordCommandTests {
    func submit(_ text: String, into state: inout TUIState) -> [TUIAction] {
        for c in text { _ = state.handle(.character(c), width: 80, height: 24) }
        return state.handle(.enter, width: 80, height: 24)
    }

    @Test func recordAndStopAreCommands() {
        var state = Fixtures.newState()
        #expect(submit(":record demo session.pcap", into: &state) == [.startRecording(path: "demo session.pcap")])
        #expect(submit(":record stop", into: &state) == [.stopRecording])
        #expect(submit(":record", into: &state) == [])
        #expect(state.status == "usage: :record FILE.jsonl|FILE.pcap or :record stop")
    }

    @Test func aReplayIsNotCalledLive() {
        var state = Fixtures.newState()
        #expect(Renderer.render(state, width: 100, height: 30).line(0).contains("● live"))
        state.replayPosition = "event 3/10 · 0.01 s · ❚❚ 1×"
        let grid = Renderer.render(state, width: 100, height: 30)
        #expect(grid.line(0).contains("◀▶ replay") && !grid.line(0).contains("live"))
        #expect(grid.line(29).contains("event 3/10 · 0.01 s · ❚❚ 1×"))
    }

    @Test func theBadgeIsInTheStatusBar() {
        var state = Fixtures.newState()
        state.recording = "● REC demo.pcap 12.3 KiB"
        let grid = Renderer.render(state, width: 100, height: 30)
        #expect(grid.line(29).contains("● REC demo.pcap 12.3 KiB"))
    }
}
