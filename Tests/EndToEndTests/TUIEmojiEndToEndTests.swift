import Foundation
import Testing

/// Emoji sequences in a real terminal: tmux joins a ZWJ sequence into one 2-column character
/// (and, in 3.3, draws a skin-tone modifier as a second emoji), which the TUI measures at start.
/// Part of the serialized "TUI end to end" suite: one tmux test at a time on a small machine.
extension TUIEndToEndTests {
    @Test("the user's ZWJ emoji are drawn whole in the composer, and every character after them stays in its column")
    func zwjSequencesAreDrawnWhole() throws {
        let session = try start(width: 100, height: 30)
        defer { session.kill() }
        let technologist = "\u{1F469}\u{200D}\u{1F4BB}"
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        try session.type("search A\(technologist)B\u{1F44D}\u{1F3FD}C\(family)D|")
        let screen = try session.waitFor("D|")
        let row = try #require(screen.split(separator: "\n").first { $0.contains("app>") }.map(String.init))
        // Drawn over the first emoji in the same two columns: had the terminal taken more, the
        // cluster would have covered the letter after it.
        #expect(row.contains("search A\(technologist)B"), "\(row)")
        #expect(row.contains("C\(family)D|"), "\(row)")
        #expect(!row.contains("\\u200d"))
        // The modifier: whole where the terminal joins it, else the emoji alone, never both apart.
        #expect(row.contains("B\u{1F44D}\u{1F3FD}C") || row.contains("B\u{1F44D}C"), "\(row)")
        // Editing redraws the row: the clusters survive curses' own redraw of it.
        try session.sendKeys("Left", "BSpace")
        let edited = try session.waitFor("C\(family)|")
        #expect(edited.contains("search A\(technologist)B"), "\(edited)")
    }
}
