import Testing
@testable import TUI

/// Bracketed paste in the model: between `.pasteStart` and `.pasteEnd` nothing acts as a key.
@Suite struct PasteTests {
    /// Feeds `keys` to `state` at 80×24 and returns every action they asked for.
    static func feed(_ keys: [KeyEvent], into state: inout TUIState) -> [TUIAction] {
        keys.flatMap { state.handle($0, width: 80, height: 24) }
    }

    static func pasted(_ text: String, end: KeyEvent = .pasteEnd(cut: false)) -> [KeyEvent] {
        [.pasteStart] + text.unicodeScalars.map { .character(Character($0)) } + [end]
    }

    @Test func aPastedRequestWithCRAndCtrlCNeitherSendsNorQuits() {
        var state = Fixtures.newState()
        let actions = Self.feed(Self.pasted("search x\r\u{3}"), into: &state)
        #expect(actions.isEmpty)
        #expect(state.composer.text == "search x\r\u{3}")
        #expect(Array(state.composer.text.unicodeScalars).count == 10, "every code point kept")
        #expect(state.paste == nil)
        let status = state.status ?? ""
        #expect(status.contains("pasted 10 characters") && status.contains("2 control characters"), "\(status)")
        // Drawn as escapes, never as the raw characters.
        let row = Renderer.render(state, width: 80, height: 24).line(22)
        #expect(row.contains("search x\\r\\x03"), "\(row)")
        // The TUI works as before: Enter sends the line as it is (CR and ETX inside the JSON value).
        let sent = state.handle(.enter, width: 80, height: 24)
        guard case let .send(payload, 1, _, _, true, false)? = sent.first else {
            Issue.record("Enter after the paste did not send: \(sent)")
            return
        }
        #expect(String(decoding: payload, as: UTF8.self).contains(#""value": "x\r\u0003""#))
    }

    @Test("a pasted multi-line hex dump sends its bytes: line breaks and tabs are whitespace to hex")
    func aPastedHexDumpSendsItsBytes() {
        var state = Fixtures.newState()
        _ = Self.feed(Self.pasted("hex 00 02\r\n7b\t7d\n"), into: &state)
        #expect(state.handle(.enter, width: 80, height: 24)
                == [.send(payload: [0x00, 0x02, 0x7B, 0x7D], count: 1, chunkSize: nil, delayMilliseconds: 0, framed: true, halfClose: false)])
    }

    @Test("in echo mode a pasted HTTP request goes out byte for byte, CRLFs included")
    func aPastedHTTPRequestIsSentExactly() {
        var state = TUIState(target: "127.0.0.1:40000", origin: "embedded echo server", mode: .echo)
        let request = "GET / HTTP/1.0\r\nHost: x\r\n\r\n"
        _ = Self.feed(Self.pasted(request), into: &state)
        guard case let .send(payload, 1, _, _, false, false)? = state.handle(.enter, width: 80, height: 24).first else {
            Issue.record("not sent")
            return
        }
        #expect(payload == Array(request.utf8))
    }

    @Test("control keys inside a paste are text, whatever the front end decoded them to")
    func controlKeysInsideAPasteAreText() {
        var state = Fixtures.newState()
        let keys: [KeyEvent] = [.pasteStart, .character("a"), .enter, .tab, .escape, .backspace, .control("c"), .control("u"),
                                .up, .function(1), .click(x: 1, y: 1), .character("b"), .pasteEnd(cut: false)]
        #expect(Self.feed(keys, into: &state).isEmpty)
        #expect(state.composer.text == "a\r\t\u{1B}\u{7F}\u{3}\u{15}b")
        #expect(!state.showHelp && state.focus == .composer)
    }

    @Test func aPasteOutsideTheComposerGoesIntoItAndRunsNoPaneKey() {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state, replyBytes: nil)  // an open connection: q would ask, x would close
        state.focus = .connections
        state.showHelp = true
        let actions = Self.feed(Self.pasted("qxzp\u{1B}[A"), into: &state)
        #expect(actions.isEmpty)
        #expect(state.focus == .composer && !state.showHelp && !state.isPaused && state.zoomed == nil && !state.confirmingQuit)
        #expect(state.composer.text == "qxzp\u{1B}[A")
    }

    @Test func aPasteCancelsAPendingQuitQuestionInsteadOfAnsweringIt() {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state, replyBytes: nil)
        state.focus = .connections
        _ = state.handle(.character("q"), width: 80, height: 24)
        #expect(state.confirmingQuit)
        #expect(Self.feed(Self.pasted("y"), into: &state).isEmpty)
        #expect(!state.confirmingQuit && state.composer.text == "y")
    }

    @Test func aHugePasteStopsAtTheLinesLimitAndSaysHowMuchWasLeftOut() {
        var state = Fixtures.newState(limits: TUILimits(composerCharacters: 1_000))
        let keys = [KeyEvent.pasteStart] + [KeyEvent](repeating: .character("4"), count: 250_000) + [.pasteEnd(cut: false)]
        #expect(Self.feed(keys, into: &state).isEmpty)
        #expect(state.composer.count == 1_000 && state.composer.text.count == 1_000)
        #expect(state.status?.contains("249,000 left out: the line holds 1,000") == true, "\(state.status ?? "")")
        // Typing into a full line says so instead of dropping the key silently.
        _ = state.handle(.character("5"), width: 80, height: 24)
        #expect(state.composer.count == 1_000)
        #expect(state.status == "the request line is full (1,000 characters)")
    }

    @Test func aPasteCutOffByTheIdleBoundSaysSoAndKeysWorkAgain() {
        var state = Fixtures.newState()
        #expect(Self.feed(Self.pasted("search mor", end: .pasteEnd(cut: true)), into: &state).isEmpty)
        #expect(state.paste == nil)
        #expect(state.status?.contains("never said it ended") == true)
        for c in "pheus" { _ = state.handle(.character(c), width: 80, height: 24) }
        let sent = state.handle(.enter, width: 80, height: 24)
        #expect(sent.count == 1)
        #expect(state.status == "sent search morpheus")
    }

    @Test func anEndWithoutAStartChangesNothing() {
        var state = Fixtures.newState()
        #expect(state.handle(.pasteEnd(cut: false), width: 80, height: 24).isEmpty)
        #expect(state.status == nil && state.paste == nil)
        #expect(state.handle(.control("c"), width: 80, height: 24) == [.quit], "keys act again")
    }

    @Test func theHistoryKeepsItsNewestLines() {
        var composer = ComposerState(maxCount: 100)
        for i in 0..<(ComposerState.historyLimit + 20) {
            composer.set("line \(i)")
            _ = composer.submit()
        }
        #expect(composer.history.count == ComposerState.historyLimit)
        #expect(composer.history.last == "line \(ComposerState.historyLimit + 19)")
        #expect(composer.history.first == "line 20")
        composer.set(String(repeating: "x", count: 500))
        #expect(composer.count == 100, "set cuts at the limit too")
    }
}
