import FrameCore
import Testing
@testable import TUI

@Suite struct KeyTests {
    func type(_ text: String, into state: inout TUIState) {
        for c in text { _ = state.handle(.character(c), width: 80, height: 24) }
    }

    @Test func typingSearchAndEnterSendsTheTutorialRequest() {
        var state = Fixtures.newState()
        #expect(state.focus == .composer)
        type("search morpheus", into: &state)
        let commands = state.handle(.enter, width: 80, height: 24)
        let expected = AppRequest.search("morpheus").message().encoded
        #expect(commands == [.send(payload: expected, count: 1, chunkSize: nil, delayMilliseconds: 0, framed: true, halfClose: false)])
        #expect(state.composer.text.isEmpty)
        _ = state.handle(.up, width: 80, height: 24)
        #expect(state.composer.text == "search morpheus")
    }

    @Test func binaryHexAndCommands() {
        var state = Fixtures.newState()
        type("binary 😃", into: &state)
        #expect(state.handle(.enter, width: 80, height: 24).first == .send(payload: AppRequest.binary(action: "binary", value: "😃").message().encoded, count: 1, chunkSize: nil, delayMilliseconds: 0, framed: true, halfClose: false))
        type("hex 00 05 7b 7d", into: &state)
        #expect(state.handle(.enter, width: 80, height: 24).first == .send(payload: [0, 5, 0x7b, 0x7d], count: 1, chunkSize: nil, delayMilliseconds: 0, framed: true, halfClose: false))
        type("hex 0g", into: &state)
        #expect(state.handle(.enter, width: 80, height: 24).isEmpty)
        #expect(state.status?.contains("bad hex") == true)
        state.composer = ComposerState()
        type(":chunk 1 200", into: &state)
        _ = state.handle(.enter, width: 80, height: 24)
        type("search ring", into: &state)
        let chunked = state.handle(.enter, width: 80, height: 24)
        #expect(chunked == [.send(payload: AppRequest.search("ring").message().encoded, count: 1, chunkSize: 1, delayMilliseconds: 200, framed: true, halfClose: false)])
        #expect(Renderer.render(state, width: 80, height: 24).lines[23].contains("chunk 1B/200ms"))
        type(":burst 5", into: &state)
        if case let .send(_, count, _, _, _, _)? = state.handle(.enter, width: 80, height: 24).first { #expect(count == 5) } else { Issue.record("no burst") }
        type(":bad truncated", into: &state)
        #expect(state.handle(.enter, width: 80, height: 24).first == .send(payload: MalformedPreset.truncated.bytes, count: 1, chunkSize: 1, delayMilliseconds: 200, framed: true, halfClose: true))
        type(":nope", into: &state)
        #expect(state.handle(.enter, width: 80, height: 24).isEmpty)
        #expect(state.status == "unknown command :nope (F1 or :help lists the commands)")
    }

    @Test func quitKeysAndFocus() {
        var state = Fixtures.newState()
        type("q", into: &state)
        #expect(state.composer.text == "q")  // q is text inside the composer
        #expect(state.handle(.control("c"), width: 80, height: 24) == [.quit])
        _ = state.handle(.escape, width: 80, height: 24)
        #expect(state.focus == .connections)
        _ = state.handle(.tab, width: 80, height: 24)
        #expect(state.focus == .dump)
        _ = state.handle(.backTab, width: 80, height: 24)
        #expect(state.focus == .connections)
        _ = state.handle(.character("?"), width: 80, height: 24)
        #expect(state.showHelp)
        #expect(state.handle(.character("q"), width: 80, height: 24).isEmpty)
        #expect(!state.showHelp)
        #expect(state.handle(.character("q"), width: 80, height: 24) == [.quit])
    }

    @Test func pauseFreezesTheViewButKeepsRecording() {
        var state = Fixtures.newState()
        _ = state.handle(.escape, width: 80, height: 24)
        _ = state.handle(.character("p"), width: 80, height: 24)
        #expect(state.isPaused)
        Fixtures.searchExchange(into: &state)
        #expect(state.shown.connections.isEmpty)
        #expect(state.live.connections.count == 2)
        #expect(Renderer.render(state, width: 80, height: 24).lines[0].contains("PAUSED"))
        _ = state.handle(.character("p"), width: 80, height: 24)
        #expect(state.shown.connections.count == 2)
        #expect(state.shown.connection(1)?.received.messages.count == 1)
    }

    @Test func selectingADecodedFieldHighlightsItsBytes() throws {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)
        state.selectedConnection = 1
        state.dumpScroll = 0
        state.focus = .decoded
        func selectedText() -> String? { state.selectedField.map { DecodedLines.build(state)[$0].text.text } }
        // The title line first, then the parts in wire order: proto-header, fields, content.
        _ = state.handle(.down, width: 120, height: 40)
        #expect(selectedText()?.contains("received") == true)
        for _ in 0..<10 where selectedText()?.hasPrefix("proto-header") != true {
            _ = state.handle(.down, width: 120, height: 40)
        }
        #expect(selectedText() == "proto-header 0x0067 = 103")
        let range = try #require(DecodedLines.highlightedRange(state))
        #expect(range.direction == .in)
        #expect(range.range == 0..<2)
        _ = state.handle(.down, width: 120, height: 40)  // "byteorder": "little"
        let field = try #require(DecodedLines.highlightedRange(state))
        #expect(Array(Fixtures.reply[field.range]) == Array("\"byteorder\": \"little\"".utf8))
        let grid = Renderer.render(state, width: 120, height: 40)
        let y = try #require(Fixtures.row(grid, containing: "← received 148 bytes"))
        #expect(grid[7 + 9, y + 1].style == Theme(colors: true).highlight)  // byte 3: the quote opening "byteorder"
        #expect(grid[7 + 6, y + 1].style != Theme(colors: true).highlight)  // byte 2: the brace, not part of the field
    }

    @Test func mouseClickSelectsAConnectionRow() {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)
        let layout = Layout(width: 80, height: 24)
        _ = state.handle(.click(x: 5, y: layout.connections.y + 2), width: 80, height: 24)
        #expect(state.focus == .connections)
        #expect(state.selectedConnection == 2)
    }
}

@Suite struct BoundsTests {
    @Test func ringsStayBounded() {
        var limits = TUILimits()
        limits.bytesPerStream = 1024
        limits.events = 50
        limits.connections = 10
        var state = Fixtures.newState(limits: limits)
        let big = Message(contentType: "binary/x", contentEncoding: "binary", content: Array(repeating: 0x41, count: 200_000)).encoded
        state.apply(Fixtures.event(1, .opened(side: .client, peer: "p", local: "l")))
        for start in stride(from: 0, to: big.count, by: 4096) {
            state.apply(Fixtures.event(1, .bytes(.out, Array(big[start..<min(big.count, start + 4096)]))))
        }
        let stream = state.live.connection(1)!.sent
        #expect(stream.bytes.count == 1024)
        #expect(stream.total == big.count)
        #expect(stream.firstOffset == big.count - 1024)
        #expect(stream.messages.count == 1)
        #expect(stream.messages[0].content.count == limits.contentBytesPerMessage)
        #expect(stream.messages[0].contentLength == 200_000)
        #expect(state.live.events.count == 50)
        for id in 2...30 {
            state.apply(Fixtures.event(id, .opened(side: .client, peer: "p", local: "l")))
            state.apply(Fixtures.event(id, .closed(reason: "done")))
        }
        #expect(state.live.connections.count == 10)
        state.selectedConnection = 1
        let grid = Renderer.render(state, width: 80, height: 24)
        _ = grid
        #expect(DumpLines.build(state, width: 80).contains { $0.text.contains("earlier bytes not kept") })
    }
}

@Suite struct ModeTextTests {
    func state(_ mode: ComposerMode) -> TUIState {
        TUIState(target: "127.0.0.1:40000", origin: "embedded \(mode.rawValue) server", mode: mode)
    }

    @Test(arguments: [ComposerMode.echo, .multiconn])
    func echoModesSuggestTextToEchoNotASearch(_ mode: ComposerMode) {
        var s = state(mode)
        s.apply(Fixtures.event(nil, .listening(address: "127.0.0.1:40000", mode: mode.rawValue)))
        var text = Renderer.render(s, width: 120, height: 40).lines.joined(separator: "\n")
        #expect(!text.contains("search morpheus"), "\(text)")
        #expect(text.contains("No connections yet: type `Hello, world` below"))
        #expect(text.contains("\(mode.rawValue) server listening on 127.0.0.1:40000"))
        s.focus = .connections
        text = Renderer.render(s, width: 120, height: 40).lines.joined(separator: "\n")
        #expect(text.contains("type text to echo"))
        #expect(!text.contains("search morpheus"))
        s.focus = .composer
        #expect(s.handle(.enter, width: 120, height: 40).isEmpty)
        #expect(s.status == "type a request, e.g. `Hello, world`")
    }

    @Test func appModeStillSuggestsASearch() {
        var s = state(.app)
        #expect(Renderer.render(s, width: 120, height: 40).lines.joined().contains("type `search morpheus` below"))
        _ = s.handle(.enter, width: 120, height: 40)
        #expect(s.status == "type a request, e.g. `search morpheus`")
    }

    @Test(arguments: [ComposerMode.echo, .multiconn])
    func chunkingWorksAndBadPresetsSayTheyNeedTheAppProtocol(_ mode: ComposerMode) {
        var s = state(mode)
        for c in ":chunk 1 100" { _ = s.handle(.character(c), width: 80, height: 24) }
        _ = s.handle(.enter, width: 80, height: 24)
        for c in "hi" { _ = s.handle(.character(c), width: 80, height: 24) }
        #expect(s.handle(.enter, width: 80, height: 24) == [.send(payload: Array("hi".utf8), count: 1, chunkSize: 1, delayMilliseconds: 100, framed: false, halfClose: false)])
        for c in ":bad json" { _ = s.handle(.character(c), width: 80, height: 24) }
        #expect(s.handle(.enter, width: 80, height: 24).isEmpty, "nothing is sent")
        #expect(s.status == ":bad sends malformed app-protocol frames; the \(mode.rawValue) server echoes any bytes back (try socketlab tui --mode app)")
    }
}

@Suite struct QuitAndHelpKeyTests {
    func key(_ k: KeyEvent, _ state: inout TUIState) -> [TUIAction] { state.handle(k, width: 80, height: 24) }

    @Test func qQuitsAtOnceWhenNothingIsOpen() {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)  // connection 1 closed
        state.apply(Fixtures.event(2, .closed(reason: "response sent")))
        _ = key(.escape, &state)
        #expect(key(.character("q"), &state) == [.quit])
    }

    @Test(arguments: [KeyEvent.character("q"), .character("y")])
    func qWithOpenConnectionsAsksAndQOrYConfirms(_ confirm: KeyEvent) {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state, replyBytes: nil)  // both ends still open
        _ = key(.escape, &state)
        #expect(key(.character("q"), &state).isEmpty)
        #expect(state.confirmingQuit)
        #expect(Renderer.render(state, width: 80, height: 24).lines[23].contains("2 connections are open: quit? q or y quits"))
        #expect(key(confirm, &state) == [.quit])
    }

    @Test func qWhileRecordingAsksToo() {
        var state = Fixtures.newState()
        state.recording = "● REC demo.pcap 1.2 KiB"
        _ = key(.escape, &state)
        #expect(key(.character("q"), &state).isEmpty)
        #expect(state.status == "a recording runs: quit? q or y quits, any other key stays")
        #expect(key(.character("q"), &state) == [.quit])
    }

    @Test(arguments: [KeyEvent.escape, .character("n"), .character("x"), .enter, .down])
    func anyOtherKeyCancelsTheQuit(_ other: KeyEvent) {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state, replyBytes: nil)
        _ = key(.escape, &state)
        _ = key(.character("q"), &state)
        #expect(key(other, &state).isEmpty)
        #expect(!state.confirmingQuit)
        #expect(state.status == "quit cancelled")
        #expect(key(.character("y"), &state).isEmpty, "y alone does not quit")
    }

    @Test func f1OpensHelpFromEveryPaneIncludingTheComposer() {
        for pane in Pane.allCases {
            var state = Fixtures.newState()
            state.focus = pane
            _ = key(.function(1), &state)
            #expect(state.showHelp, "\(pane)")
            #expect(state.composer.text.isEmpty)
            _ = key(.function(1), &state)
            #expect(!state.showHelp, "F1 closes it again")
        }
        var state = Fixtures.newState()
        _ = key(.character("?"), &state)
        #expect(!state.showHelp && state.composer.text == "?", "? in the composer is text")
    }
}
