import FrameCore
import Testing
@testable import TUI

/// Every pane scrolls through everything it keeps, and says where it stands.
@Suite struct ScrollTests {
    /// 2,140 bytes; big-endian so that no row of it reads like a row of the (little-endian) reply.
    static let longRequest = AppRequest.search(String(repeating: "x", count: 2_000)).message(byteorder: "big").encoded

    func press(_ key: KeyEvent, _ n: Int = 1, _ state: inout TUIState, _ w: Int, _ h: Int) {
        for _ in 0..<n { _ = state.handle(key, width: w, height: h) }
    }

    /// The dump rows on screen (offset, hex and text, as drawn in the Bytes pane).
    func dumpRows(_ grid: Grid) -> Set<String> {
        let dump = Layout(width: grid.width, height: grid.height).dump
        var seen: Set<String> = []
        for y in (dump.y + 1)..<(dump.y + dump.height) {
            let line = String(grid.lines[y].prefix(dump.width))
            let t = line.drop(while: { $0 == " " })
            if let offset = t.split(separator: " ").first, offset.count >= 4, offset.allSatisfy(\.isHexDigit),
               t.dropFirst(offset.count).hasPrefix("  ") {
                seen.insert(line)
            }
        }
        return seen
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theBytesPaneReachesEveryByte(width: Int, height: Int) throws {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state, requestBytes: Self.longRequest)
        state.selectedConnection = 1
        state.focus = .dump
        let perRow = DumpLines.bytesPerRow(width: Layout(width: width, height: height).dump.width)
        let expectedRows = (Self.longRequest.count + perRow - 1) / perRow + (Fixtures.reply.count + perRow - 1) / perRow
        // Down and PgDn from the top reach the end.
        press(.home, 1, &state, width, height)
        var seen = dumpRows(Renderer.render(state, width: width, height: height))
        for _ in 0..<(expectedRows / 4) {
            press(.pageDown, 1, &state, width, height)
            let rows = dumpRows(Renderer.render(state, width: width, height: height))
            if rows.isSubset(of: seen) { break }
            seen.formUnion(rows)
        }
        #expect(seen.count == expectedRows, "PgDn reached \(seen.count) of \(expectedRows) rows")
        let lastReplyRow = String((Fixtures.reply.count - 1) / perRow * perRow, radix: 16)
        let bottom = Renderer.render(state, width: width, height: height)
        let lastRow = " " + String(repeating: "0", count: 4 - lastReplyRow.count) + lastReplyRow + "  "
        #expect(bottom.lines.last { $0.hasPrefix(lastRow) }.map { $0.contains(" 7d  ") } == true, "the reply's last row (its closing brace) shows")
        #expect(bottom.lines.contains { $0.contains("of \(expectedRows + 2) ") && $0.contains("rows ") }, "a position marker")
        guard width == 80 else { return }  // row by row once: debug renders are slow
        // Up from the end walks back one row at a time and reaches the top.
        press(.end, 1, &state, width, height)
        var up = dumpRows(Renderer.render(state, width: width, height: height))
        for _ in 0..<(expectedRows + 5) {
            press(.up, 1, &state, width, height)
            up.formUnion(dumpRows(Renderer.render(state, width: width, height: height)))
        }
        #expect(up.count == expectedRows)
        let top = Renderer.render(state, width: width, height: height)
        #expect(top.lines.contains { $0.contains("rows 1–") })
        // Down one row at a time from the top.
        var down: Set<String> = []
        for _ in 0..<(expectedRows + 5) {
            press(.down, 1, &state, width, height)
            down.formUnion(dumpRows(Renderer.render(state, width: width, height: height)))
        }
        #expect(down.count == expectedRows)
    }

    @Test func eventsHomeShowsAFullPage() throws {
        var state = Fixtures.newState()
        for i in 0..<54 { state.apply(Fixtures.event(1, .log("line \(i)"))) }
        state.focus = .events
        press(.home, 1, &state, 80, 24)
        let grid = Renderer.render(state, width: 80, height: 24)
        let layout = Layout(width: 80, height: 24)
        let body = (layout.events.y + 1)..<(layout.events.y + layout.events.height)
        for y in body { #expect(grid.lines[y].contains("line "), "row \(y) is blank") }
        #expect(grid.lines[body.lowerBound].contains("line 0"))
        #expect(grid.lines[layout.events.y].contains("rows 1–\(body.count) of 54"))
        press(.end, 1, &state, 80, 24)
        #expect(Renderer.render(state, width: 80, height: 24).lines[body.upperBound - 1].contains("line 53"))
    }

    @Test func wideScreensUseTheRoom() throws {
        var state = Fixtures.newState()
        let content = Array(repeating: UInt8(0x41), count: 37)
        let reply = Message(contentType: "binary/custom-server-binary-type", contentEncoding: "binary", content: content).encoded
        Fixtures.searchExchange(into: &state, replyBytes: reply)
        state.selectedConnection = 1
        let grid = Renderer.render(state, width: 200, height: 60)
        #expect(DumpLines.bytesPerRow(width: Layout(width: 200, height: 60).dump.width) == 32)
        #expect(Fixtures.row(grid, containing: "content binary/custom-server-binary-type, 37 bytes") != nil)
        #expect(Fixtures.row(grid, containing: " 0000  00 67 7b 22 62 79 74 65 6f 72 64 65 72 22 3a 20 22 6c 69 74 74 6c 65 22 2c 20 22 63 6f 6e 74 65  ") != nil)
    }
}
