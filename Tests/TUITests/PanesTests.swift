import FrameCore
import Testing
@testable import TUI

/// Selection, clicks, the wheel, zoom and the connection ring, checked on the rendered grid.
@Suite struct PanesTests {
    func open(_ ids: ClosedRange<Int>, into state: inout TUIState, closed: Bool = false) {
        for id in ids {
            state.apply(Fixtures.event(id, .opened(side: .client, peer: "127.0.0.1:40000", local: "127.0.0.1:\(50_000 + id % 10_000)")))
            if closed { state.apply(Fixtures.event(id, .closed(reason: "done"))) }
        }
    }

    /// The id in the connections row drawn at `y`.
    func id(at y: Int, _ grid: Grid) -> Int? {
        Int(grid.lines[y].split(separator: " ").first ?? "")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func aClickSelectsTheRowDrawnUnderThePointerAfterScrolling(width: Int, height: Int) throws {
        var state = Fixtures.newState()
        open(1...100, into: &state)
        state.focus = .connections
        _ = state.handle(.home, width: width, height: height)
        _ = state.handle(.end, width: width, height: height)
        let layout = Layout(width: width, height: height)
        for y in [layout.connections.y + 1, layout.connections.y + layout.connections.height - 2] {
            let before = Renderer.render(state, width: width, height: height)
            let drawn = try #require(id(at: y, before))
            _ = state.handle(.click(x: 10, y: y), width: width, height: height)
            #expect(state.selectedConnection == drawn)
            let after = Renderer.render(state, width: width, height: height)
            #expect(id(at: y, after) == drawn, "the list did not jump")
        }
    }

    @Test func aClickInAScrolledDecodedPaneSelectsTheLineDrawnThere() throws {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state)
        state.selectedConnection = 1
        state.focus = .decoded
        for _ in 0..<30 { _ = state.handle(.down, width: 80, height: 24) }
        let grid = Renderer.render(state, width: 80, height: 24)
        let layout = Layout(width: 80, height: 24)
        let y = layout.decoded.y + 1
        let text = grid.lines[y].trimmingSpaces
        _ = state.handle(.click(x: 5, y: y), width: 80, height: 24)
        let lines = DecodedLines.build(state)
        #expect(lines[try #require(state.selectedField)].text.text.trimmingSpaces == text)
    }

    @Test func idsOfTenThousandAndMoreAndBigCountsAreNotCut() throws {
        var state = Fixtures.newState()
        open(10_000...10_002, into: &state)
        state.apply(Fixtures.event(123_456, .opened(side: .server, peer: "127.0.0.1:50000", local: "127.0.0.1:40000")))
        state.apply(Fixtures.event(123_456, .bytes(.in, [UInt8](repeating: 0, count: 16_777_216))))
        let grid = Renderer.render(state, width: 80, height: 24)
        #expect(Fixtures.row(grid, containing: "10001 cli") != nil)
        #expect(Fixtures.row(grid, containing: "123456 srv") != nil)
        #expect(Fixtures.row(grid, containing: "16777216") != nil)
        #expect(!grid.lines.joined().contains("…"))
    }

    @Test func aBurstOfAThousandKeepsTheSelectionAndCountsWhatWasDropped() throws {
        var state = Fixtures.newState()
        open(1...3, into: &state)
        state.focus = .connections
        _ = state.handle(.home, width: 120, height: 40)
        #expect(state.selectedConnection == 1)
        state.isPausedForTest(true)
        open(4...1003, into: &state)  // a burst: each client and its server side
        state.isPausedForTest(false)
        #expect(state.live.connections.count == 256)
        #expect(state.selectedConnection == 1 && state.live.index(of: 1) != nil, "the selected connection stays")
        #expect(state.live.droppedConnections == 1003 - 256)
        let grid = Renderer.render(state, width: 120, height: 40)
        #expect(grid.lines[0].contains("256 listed (… 747 older not kept)"))
        #expect(!grid.lines.joined().contains("No connection selected"))
        // Closed connections go before open ones.
        var ring = Fixtures.newState(limits: TUILimits(connections: 10))
        open(1...5, into: &ring)
        open(6...10, into: &ring, closed: true)
        open(11...15, into: &ring)
        #expect(ring.live.connections.map(\.id) == Array(1...5) + Array(11...15))
    }

    @Test func theWheelScrollsThePaneUnderThePointerWithoutMovingTheFocus() throws {
        var state = Fixtures.newState()
        for i in 0..<100 { state.apply(Fixtures.event(1, .log("line \(i)"))) }
        let layout = Layout(width: 80, height: 24)
        state.focus = .composer
        _ = state.handle(.wheel(x: 3, y: layout.events.y + 2, delta: -3), width: 80, height: 24)
        #expect(state.focus == .composer)
        #expect(Renderer.render(state, width: 80, height: 24).lines[layout.events.y].contains("(3 newer below)"))
        open(1...50, into: &state)
        let before = Renderer.render(state, width: 80, height: 24)
        let firstBefore = id(at: layout.connections.y + 1, before)
        _ = state.handle(.wheel(x: 3, y: layout.connections.y + 2, delta: -6), width: 80, height: 24)
        let after = Renderer.render(state, width: 80, height: 24)
        #expect(id(at: layout.connections.y + 1, after) == firstBefore.map { $0 - 6 })
        let shown = (layout.connections.y + 1..<layout.connections.y + layout.connections.height).compactMap { id(at: $0, after) }
        #expect(shown.contains(try #require(state.selectedConnection)), "the selection stays on screen")
    }

    @Test func xClosesTheSelectedOpenConnection() {
        var state = Fixtures.newState()
        open(1...2, into: &state)
        state.focus = .connections
        #expect(state.handle(.character("x"), width: 80, height: 24) == [.close(connection: 2)])
        state.apply(Fixtures.event(2, .closed(reason: "closed by the user")))
        #expect(state.handle(.character("x"), width: 80, height: 24).isEmpty)
        #expect(state.status == "connection 2 is already closed")
    }

    @Test(arguments: [(80, 24), (100, 30)])
    func zZoomsTheFocusedPaneAndBack(width: Int, height: Int) {
        var state = Fixtures.newState()
        Fixtures.searchExchange(into: &state, requestBytes: ScrollTests.longRequest)
        state.selectedConnection = 1
        state.focus = .dump
        let normal = Renderer.render(state, width: width, height: height)
        _ = state.handle(.character("z"), width: width, height: height)
        let zoomed = Renderer.render(state, width: width, height: height)
        #expect(!zoomed.lines.contains { $0.contains(" Connections ") || $0.contains(" Events ") })
        let rows = zoomed.lines.filter { $0.hasPrefix(" 0") }.count
        #expect(rows == height - 6, "the dump has every row but its header and the two direction headers: \(rows)")
        #expect(rows > normal.lines.filter { $0.hasPrefix(" 0") }.count)
        _ = state.handle(.pageDown, width: width, height: height)
        #expect(Renderer.render(state, width: width, height: height).lines[1].contains("rows \(height - 4)–"))
        _ = state.handle(.character("z"), width: width, height: height)
        #expect(Renderer.render(state, width: width, height: height).lines.contains { $0.contains(" Connections ") })
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theConnectionsPaneSaysWhereItStandsOnceTheListOverflows(width: Int, height: Int) throws {
        var state = Fixtures.newState()
        open(1...3, into: &state)
        let layout = Layout(width: width, height: height)
        #expect(!Renderer.render(state, width: width, height: height).lines[layout.connections.y].contains("of 3"),
                "no marker while everything fits")
        open(4...100, into: &state)
        state.focus = .connections
        _ = state.handle(.end, width: width, height: height)
        let grid = Renderer.render(state, width: width, height: height)
        let header = grid.lines[layout.connections.y]
        let last = try #require(id(at: layout.connections.y + layout.connections.height - 1, grid))
        #expect(last == 100)
        let first = try #require(id(at: layout.connections.y + 1, grid))
        #expect(header.contains("rows \(first)–100 of 100") || header.contains("\(first)–100/100"), "\(header)")
        if width >= 120 { #expect(header.contains("rows \(first)–100 of 100"), "\(header)") }
    }
}

extension TUIState {
    /// Pausing stops new client connections from taking the selection, as a user's choice would.
    mutating func isPausedForTest(_ paused: Bool) {
        if paused != isPaused { togglePause() }
    }
}
