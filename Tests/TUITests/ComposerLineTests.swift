import TUI
import Testing

/// The request line shows the part of a long line around the cursor; only that part is
/// measured (a full 100,000-character `hex` paste is redrawn after every batch of keys; the cost of
/// a frame is a figure of `socketlab bench render`).
@Suite struct ComposerLineTests {
    static let line = "hex " + String(repeating: "41 ", count: 2_000) + "42"

    static func typed(_ text: String, width: Int = 80, height: Int = 24) -> TUIState {
        var state = Fixtures.newState()
        for c in text { _ = state.handle(.character(c), width: width, height: height) }
        return state
    }

    /// The composer's row and the cell drawn in reverse (the cursor), if any.
    static func composerRow(_ grid: Grid) -> (text: String, cursor: Int?) {
        let y = grid.height - 2
        let cursor = (0..<grid.width).first { grid[$0, y].style.reverse && !grid[$0, y].text.isEmpty }
        return (grid.line(y), cursor)
    }

    @Test func aLongLineShowsItsEndWithTheCursorAfterIt() {
        let state = Self.typed(Self.line)
        #expect(state.composer.count == Self.line.count)
        let (text, cursor) = Self.composerRow(Renderer.render(state, width: 80, height: 24))
        let shown = text.reversed().drop { $0 == " " }.reversed()
        #expect(String(shown).hasSuffix("41 41 42"), "the line's end: \(text)")
        #expect(cursor == shown.count && cursor! < 80, "the cursor right after it: \(text)")
    }

    @Test func homeShowsTheStartAndTheCursorOnTheFirstCharacter() {
        var state = Self.typed(Self.line)
        _ = state.handle(.home, width: 80, height: 24)
        _ = state.handle(.right, width: 80, height: 24)
        let (text, cursor) = Self.composerRow(Renderer.render(state, width: 80, height: 24))
        #expect(text.contains("> ") && text.contains(" hex 41 41"), "\(text)")
        #expect(cursor.map { text.dropFirst($0).hasPrefix("ex 41") } == true, "cursor on the e of hex: \(text)")
    }

    @Test func wideCharactersNeverPushTheCursorOffTheRow() {
        let state = Self.typed(String(repeating: "🐶e\u{301}", count: 1_000))
        let grid = Renderer.render(state, width: 80, height: 24)
        let (text, cursor) = Self.composerRow(grid)
        #expect(cursor != nil && cursor! < 80)
        #expect(text.contains("🐶e\u{301}🐶"))
    }
}
