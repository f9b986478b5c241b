import Testing
@testable import TUI

/// The composer edits grapheme clusters: a key that carries a code point joining the character
/// before it must neither crash nor move the cursor past the text.
@Suite struct ComposerTests {
    func typed(_ scalars: [Unicode.Scalar], into composer: inout ComposerState) {
        for s in scalars { composer.insert(Character(s)) }
    }

    @Test(arguments: [
        ("e + combining acute", ["e", "\u{301}"] as [Unicode.Scalar], "e\u{301}"),
        ("thumbs up + skin tone", ["\u{1F44D}", "\u{1F3FD}"], "\u{1F44D}\u{1F3FD}"),
        ("flag from two regional indicators", ["\u{1F1EF}", "\u{1F1F5}"], "\u{1F1EF}\u{1F1F5}"),
        ("Hangul jamo", ["\u{1112}", "\u{1161}", "\u{11AB}"], "\u{1112}\u{1161}\u{11AB}"),
    ])
    func joiningCodePointsKeepOneUnit(name: String, scalars: [Unicode.Scalar], expected: String) {
        var composer = ComposerState()
        typed(["a"] + scalars + ["z"], into: &composer)
        #expect(composer.text == "a" + expected + "z")
        #expect(Array(composer.text.unicodeScalars) == ["a"] + scalars + ["z"], "no code point dropped")
        #expect(composer.cursor == 3 && composer.count == 3)
        composer.move(-1)
        composer.backspace()  // removes the joined character as a whole
        #expect(composer.text == "az")
        #expect(composer.cursor == 1)
        typed(scalars, into: &composer)  // typed in the middle of the line
        #expect(composer.text == "a" + expected + "z")
        #expect(composer.cursor <= composer.count && composer.count == composer.text.count)
        composer.end()
        composer.backspace()
        composer.backspace()
        #expect(composer.text == "a")
        composer.home()
        composer.delete()
        #expect(composer.text.isEmpty && composer.cursor == 0)
    }

    @Test func aJoiningMarkAtTheStartOfTheLineStandsAlone() {
        var composer = ComposerState()
        typed(["\u{301}", "\u{1F3FD}"], into: &composer)
        #expect(composer.count == composer.text.count)
        #expect(composer.cursor == composer.count)
        composer.backspace()
        composer.backspace()
        #expect(composer.text.isEmpty)
    }

    @Test func keysThroughTheModelRenderJoinedCharacters() {
        var state = Fixtures.newState()
        for s in ["b", "\u{1F44D}", "\u{1F3FD}", "e", "\u{301}"] as [Unicode.Scalar] {
            _ = state.handle(.character(Character(s)), width: 80, height: 24)
        }
        _ = state.handle(.left, width: 80, height: 24)
        _ = state.handle(.backspace, width: 80, height: 24)
        #expect(state.composer.text == "be\u{301}")
        let grid = Renderer.render(state, width: 80, height: 24)
        #expect(grid.lines[22].contains("b" + "e\u{301}"))
    }

    /// A paste arrives as one key per character; each must cost O(1) at the end of the line
    /// (a quadratic insert took ~9 s for this many).
    @Test func aLongPasteIsKeptWhole() {
        var state = Fixtures.newState()
        let paste = String(repeating: "search 🐶 e\u{301}", count: 2_000)
        for c in paste { _ = state.handle(.character(c), width: 80, height: 24) }
        #expect(state.composer.text == paste)
        #expect(state.composer.count == paste.count && state.composer.cursor == paste.count)
        let grid = Renderer.render(state, width: 80, height: 24)
        #expect(grid.lines[22].contains("search 🐶"))
    }
}
