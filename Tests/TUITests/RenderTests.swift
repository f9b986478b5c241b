import FrameCore
import Testing
@testable import TUI

@Suite struct RenderTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func emptyScreenShowsEveryPane(width: Int, height: Int) {
        let grid = Renderer.render(Fixtures.newState(), width: width, height: height)
        let text = grid.lines.joined(separator: "\n")
        for title in ["SocketLab", "Connections", "Bytes", "Decoded", "Events", "app>", "q quit"] where title != "q quit" {
            #expect(text.contains(title), "\(title) missing at \(width)×\(height)")
        }
        #expect(grid.lines[height - 1].contains("send"))
        #expect(grid.lines[0].contains("127.0.0.1:40000"))
    }

    @Test func tooSmallSaysSo() {
        let grid = Renderer.render(Fixtures.newState(), width: 79, height: 24)
        #expect(grid.lines.joined().contains("Terminal too small: 79×24"))
        #expect(grid.lines.joined().contains("at least 80×24"))
        let tiny = Renderer.render(Fixtures.newState(), width: 10, height: 3)
        #expect(tiny.width == 10)
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func searchExchangeShowsBytesAndDecodedResult(width: Int, height: Int) throws {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)
        state.selectedConnection = 1
        state.dumpScroll = 0
        let grid = Renderer.render(state, width: width, height: height)
        let dumpRow = try #require(Fixtures.row(grid, containing: " 0000  00 67 7b 22 62 79 74 65 6f 72 64 65 72 22 3a 20  .g{\"byteorder\": "))
        // Proto-header bytes magenta and bold, JSON header cyan: coloured by part.
        let x = try #require(Fixtures.column(grid, dumpRow, of: "00 67 7b"))
        #expect(grid[x, dumpRow].style.foreground == .magenta)
        #expect(grid[x + 3, dumpRow].style.foreground == .magenta)
        #expect(grid[x + 6, dumpRow].style.foreground == .cyan)
        #expect(grid.lines.contains { $0.contains("→ sent 146 bytes") })
        // The connection row: both sides listed with their byte counts.
        let cli = try #require(Fixtures.row(grid, containing: "   1 cli 127.0.0.1:40000"))
        #expect(grid.lines[cli].contains("closed"))
        #expect(grid.lines[cli].contains("146"))
        #expect(grid.lines[cli].contains("148"))
        #expect(Fixtures.row(grid, containing: "   2 srv 127.0.0.1:50000") != nil)
        if height >= 40 {
            #expect(Fixtures.row(grid, containing: "\"result\": \"Follow the white rabbit. 🐰\"") != nil)
            #expect(Fixtures.row(grid, containing: "Got result: Follow the white rabbit. 🐰") != nil)
        }
    }

    @Test func followingAtMinimumSizeShowsBothDirectionsAndTheDecodedMessage() throws {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)
        let grid = Renderer.render(state, width: 80, height: 24)
        let sent = try #require(Fixtures.row(grid, containing: "→ sent 146 bytes"))
        let received = try #require(Fixtures.row(grid, containing: "← received 148 bytes"))
        #expect(grid.lines[sent + 1].contains(" 0000  00 67 7b 22 62 79 74 65"))
        #expect(grid.lines[received + 1].contains(" 0000  00 67 7b 22 62 79 74 65"))
        #expect(Fixtures.row(grid, containing: "← received message 1") != nil)
        #expect(Fixtures.row(grid, containing: "proto-header 0x0067 = 103") != nil)
    }

    @Test func decodedPaneListsPartsInWireOrderInTheDumpsColours() throws {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)
        state.selectedConnection = 1
        let lines = DecodedLines.build(state).map(\.text.text)
        #expect(lines.first == "← received message 1  ([ and ] pick another)")
        func index(_ prefix: String) throws -> Int { try #require(lines.firstIndex { $0.hasPrefix(prefix) }, "\(prefix) in \(lines)") }
        let order = try ["proto-header", "\"byteorder\":", "\"content-length\":", "content text/json", "  {", "    \"result\""].map(index)
        #expect(order == order.sorted() && Set(order).count == order.count, "\(lines)")
        // Each part's name has the colour its bytes have in the dump.
        let grid = Renderer.render(state, width: 200, height: 60)
        let theme = Theme(colors: true)
        for (label, part) in [("proto-header 0x0067", FramePart.protoHeader), ("\"content-type\": \"text/json\"", .jsonHeader),
                              ("content text/json, 43 bytes", .content)] {
            let y = try #require(Fixtures.row(grid, containing: label))
            let x = try #require(Fixtures.column(grid, y, of: label))
            #expect(grid[x, y].style == theme.part(part, .in), "\(label)")
        }
        #expect(state.live.events.contains { $0.text == "read 148 bytes, completing message 1 (text/json, 43 bytes of content)" })
    }

    @Test func aMessageStillArrivingShowsItsNewestBytes() throws {
        var state = Fixtures.newState()
        let reply = Fixtures.reply
        Fixtures.searchExchange(into: &state, replyBytes: nil)
        state.apply(Fixtures.event(1, .bytes(.in, Array(reply.prefix(140)))))
        let grid = Renderer.render(state, width: 80, height: 24)
        #expect(Fixtures.row(grid, containing: "decoding content 35 / 43 bytes") != nil)
        #expect(Fixtures.row(grid, containing: " 0080  77 68 69 74 65") != nil)
    }

    @Test func emojiTakesTwoCellsAndKeepsColumnsAligned() throws {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)
        let grid = Renderer.render(state, width: 120, height: 40)
        let y = try #require(Fixtures.row(grid, containing: "Follow the white rabbit. 🐰\""))
        let x = try #require(Fixtures.column(grid, y, of: "🐰"))
        #expect(grid[x, y].text == "🐰")
        #expect(grid[x + 1, y].isContinuation)
        #expect(grid[x + 2, y].text == "\"")
    }

    @Test func partialMessageShowsWhereTheDecoderStands() {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state, requestBytes: Array(Fixtures.request.prefix(39)), replyBytes: nil)
        state.selectedConnection = 1
        let grid = Renderer.render(state, width: 80, height: 24)
        #expect(Fixtures.row(grid, containing: "decoding JSON header 37 / 103 bytes") != nil)
        #expect(grid.lines.joined().contains("→ sent 39 bytes"))
    }

    @Test func malformedFrameIsMarkedAndLogged() {
        var state = Fixtures.newState()
        let bad = MalformedPreset.key.bytes
        Fixtures.searchExchange(into: &state, requestBytes: bad, replyBytes: nil)
        state.apply(Fixtures.event(2, .error("closing connection 2 to ('127.0.0.1', 50000): the JSON header lacks the required key \"content-length\"")))
        state.selectedConnection = 1
        let grid = Renderer.render(state, width: 120, height: 40)
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("✗ the JSON header lacks the required key \"content-length\""))
        #expect(text.contains("error: closing connection 2"))
        let y = Fixtures.row(grid, containing: "#2 closing connection 2")
        #expect(y != nil)
        if let y, let x = Fixtures.column(grid, y, of: "closing") { #expect(grid[x, y].style.foreground == .red) }
    }

    @Test func monochromeKeepsPartsApartWithAttributes() throws {
        var state = Fixtures.newState(colors: false)
        Fixtures.searchExchange(into: &state)
        state.selectedConnection = 1
        state.dumpScroll = 0
        let grid = Renderer.render(state, width: 120, height: 40)
        let y = try #require(Fixtures.row(grid, containing: " 0000  00 67 7b"))
        let x = try #require(Fixtures.column(grid, y, of: "00 67 7b"))
        #expect(grid[x, y].style.reverse)
        #expect(grid[x, y].style.foreground == .default)
        #expect(grid[x + 6, y].style.underline)
        #expect(!grid[x + 6, y].style.reverse)
        #expect(grid.cells.allSatisfy { $0.style.foreground == .default && $0.style.background == .default })
    }

    @Test func helpOverlayListsTheKeys() {
        var state = Fixtures.newState()
        state.showHelp = true
        let text = Renderer.render(state, width: 80, height: 24).lines.joined(separator: "\n")
        for key in ["SocketLab help", "Tab", "q / Ctrl-C", "? or F1", "p "] {
            #expect(text.contains(key), "\(key)")
        }
    }
}
