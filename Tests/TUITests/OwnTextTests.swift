import Testing
@testable import TUI

/// The user's own emoji look like emoji in the composer; peer text keeps the shared rule, and
/// the exception lets no other invisible or bidi character through.
@Suite struct OwnTextTests {
    static let technologist = "\u{1F469}\u{200D}\u{1F4BB}"      // 👩‍💻
    static let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"  // 👨‍👩‍👧
    static let runner = "\u{1F3C3}\u{1F3FD}\u{200D}\u{2640}\u{FE0F}"   // 🏃🏽‍♀️

    static func composerRow(typing text: String) -> String {
        var state = Fixtures.newState()
        for scalar in text.unicodeScalars { _ = state.handle(.character(Character(scalar)), width: 80, height: 24) }
        return Renderer.render(state, width: 80, height: 24).line(22)
    }

    @Test(arguments: [technologist, family, runner])
    func emojiZWJSequencesTypedByTheUserAreDrawnWhole(_ emoji: String) {
        let row = Self.composerRow(typing: "search " + emoji + "!")
        #expect(row.contains("search " + emoji + "!"), "\(row)")
        #expect(!row.contains("\\u200d"))
        #expect(TerminalEscaping.escapedOwnText(Character(emoji)) == nil)
        #expect(DisplayWidth.of(Character(emoji), ownText: true) == 2)
    }

    @Test(arguments: [
        "a\u{200D}b",               // a joiner after a letter
        "\u{200D}\u{1F4BB}",        // a leading joiner
        "\u{1F469}\u{200D}",        // a trailing joiner
        "1\u{200D}\u{1F4BB}",       // a keycap base is not an emoji part
        "\u{1F469}\u{200D}\u{202E}x",  // a bidi override next to a joined emoji
        "\u{1F469}\u{200B}\u{1F4BB}",  // a zero-width space, not a joiner
    ])
    func otherInvisibleCharactersStayEscapedInTheComposer(_ text: String) {
        let row = Self.composerRow(typing: text)
        #expect(row.contains("\\u200") || row.contains("\\u202e"), "\(Array(text.unicodeScalars)) drawn as \(row)")
        for character in text where character.unicodeScalars.contains(where: TerminalEscaping.needsEscape) {
            #expect(TerminalEscaping.escapedOwnText(character) != nil, "\(Array(character.unicodeScalars))")
        }
    }

    @Test func peerTextKeepsTheSharedRule() {
        var state = Fixtures.newState()
        state.apply(Fixtures.event(1, .log("Got result: " + Self.technologist)))
        state.focus = .events
        let screen = Renderer.render(state, width: 80, height: 24).lines.joined(separator: "\n")
        #expect(screen.contains("Got result: \u{1F469}\\u200d\u{1F4BB}"), "\(screen)")
        var grid = Grid(width: 20, height: 1)
        grid.put(Self.technologist, x: 0, y: 0)
        #expect(grid.line(0).hasPrefix("\u{1F469}\\u200d\u{1F4BB}"))
    }
}
