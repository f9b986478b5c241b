import Testing
@testable import TUI

/// What the screen tells the user to press must work where it is said.
@Suite struct HintTests {
    static func feed(_ text: String, into state: inout TUIState) -> [TUIAction] {
        text.flatMap { state.handle(.character($0), width: 100, height: 30) }
    }

    @Test("the status bar's help key opens the help in every pane", arguments: Pane.allCases)
    func theHelpHintIsTrueInEveryPane(_ pane: Pane) throws {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)
        state.focus = pane
        let bar = Renderer.render(state, width: 100, height: 30).line(29)
        let key: KeyEvent = bar.contains("F1 help") ? .function(1) : bar.contains("? help") ? .character("?") : .resize
        try #require(key != .resize, "no help key in the status bar: \(bar)")
        _ = state.handle(key, width: 100, height: 30)
        #expect(state.showHelp, "\(pane): the bar says \(bar)")
    }

    @Test func anUnknownCommandPointsAtAKeyThatWorksInTheComposer() {
        var state = Fixtures.newState()
        _ = Self.feed(":nope", into: &state)
        _ = state.handle(.enter, width: 100, height: 30)
        let status = state.status ?? ""
        #expect(status.contains("F1") && !status.contains("?"), "\(status)")
        _ = state.handle(.function(1), width: 100, height: 30)
        #expect(state.showHelp)
    }

    /// `:step on` moves the focus to Connections (where `n` steps); typing `:step off` there ran
    /// `p` (pause: "paused: the view is frozen…") and the other letters as pane keys.
    @Test func aCommandTypedOutsideTheComposerIsACommand() {
        var state = Fixtures.newState()
        _ = Self.feed(":step on", into: &state)
        #expect(state.handle(.enter, width: 100, height: 30) == [.stepping(true)])
        #expect(state.focus == .connections)
        _ = Self.feed(":step off", into: &state)
        #expect(!state.isPaused, "the p of step did not pause")
        #expect(state.composer.text == ":step off")
        #expect(state.handle(.enter, width: 100, height: 30) == [.stepping(false)])
        #expect(!state.stepping)
    }

    @Test func colonKeepsTheLineBeingTypedInTheHistory() {
        var state = Fixtures.newState()
        _ = Self.feed("search mor", into: &state)
        _ = state.handle(.escape, width: 100, height: 30)
        _ = state.handle(.character(":"), width: 100, height: 30)
        #expect(state.focus == .composer && state.composer.text == ":")
        #expect(state.status?.contains("history") == true)
        _ = state.handle(.up, width: 100, height: 30)
        #expect(state.composer.text == "search mor")
        // A `:`-line already there is continued, not replaced.
        state.composer.set(":chunk 4")
        state.focus = .dump
        _ = state.handle(.character(":"), width: 100, height: 30)
        #expect(state.composer.text == ":chunk 4" && state.focus == .composer)
    }
}
