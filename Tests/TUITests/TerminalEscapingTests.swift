import FrameCore
import Testing
@testable import TUI

/// Peer-controlled text never reaches the terminal raw: every cell holds only characters a
/// terminal draws, and controls show as Python's repr writes them.
@Suite struct TerminalEscapingTests {
    static let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\u{202E}evil\u{7F}"

    func assertNoControlInCells(_ grid: Grid, sourceLocation: SourceLocation = #_sourceLocation) {
        for cell in grid.cells {
            #expect(!cell.text.unicodeScalars.contains(where: TerminalEscaping.needsEscape),
                     "cell holds a raw control: \(Array(cell.text.unicodeScalars))", sourceLocation: sourceLocation)
        }
    }

    @Test func escapesAsPythonRepr() {
        #expect(TerminalEscaping.escaped(Self.hostile) == "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202eevil\\x7f")
        #expect(TerminalEscaping.escaped("tab\there\r\n") == "tab\\there\\r\\n")
        #expect(TerminalEscaping.escaped("🐰 ❤️ é 日本") == "🐰 ❤️ é 日本", "printable text, variation selectors and marks are kept")
        #expect(DisplayWidth.of("\u{1B}[") == 5)
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func aHostileReplyHeaderAndErrorRenderAsVisibleEscapes(width: Int, height: Int) throws {
        var state = Fixtures.newState()
        let content = Array(("{\"result\": \"" + "\\u001b]0;x\\u0007" + "\"}").utf8)
        let header = JSONHeader(byteorder: "little", contentType: "text/json", contentEncoding: Self.hostile, contentLength: content.count)
        let reply = Message(header: header, headerBytes: header.encoded, content: content).encoded
        Fixtures.searchExchange(into: &state, replyBytes: reply)
        state.apply(Fixtures.event(3, .opened(side: .client, peer: "evil\u{1B}[5m:1", local: "?")))
        state.apply(Fixtures.event(3, .bytes(.in, Array(reply))))
        state.apply(Fixtures.event(2, .error("peer said " + Self.hostile)))
        state.apply(Fixtures.event(1, .log("Got result: " + Self.hostile)))
        let grid = Renderer.render(state, width: width, height: height)
        assertNoControlInCells(grid)
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("\\x1b]0;pwned\\x07"), "the event log shows the escape")
        #expect(text.contains("evil\\x1b[5m"), "the peer address shows the escape")
        #expect(text.contains("\\x1b"), "the decoded header shows the escape")
    }
}
