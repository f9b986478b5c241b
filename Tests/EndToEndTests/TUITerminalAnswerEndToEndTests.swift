import Foundation
import Testing

/// A terminal's answers that arrive late (a cursor position report after the start-up probe
/// gave up, on a slow link) are dropped, not read as Esc plus pane commands.
/// Part of the serialized "TUI end to end" suite: one tmux test at a time on a small machine.
extension TUIEndToEndTests {
    @Test("a late cursor report, a device attributes reply and focus reports typed mid-line change nothing")
    func lateTerminalAnswersAreNotKeys() throws {
        let session = try start(width: 100, height: 30)
        defer { session.kill() }
        try session.type("search mor")
        try session.waitFor("app>  search mor")
        // Each as its own write, as a terminal answers: Esc would leave the composer and the
        // letters after it would be pane keys (`p` pauses the view, digits pick connections).
        for answer in ["\u{1B}[12;40R", "\u{1B}[?64;1;2;6;22c", "\u{1B}[O", "\u{1B}[I"] {
            try session.type(answer)
        }
        try session.type("pheus")
        var screen = try session.waitFor("app>  search morpheus")
        #expect(!screen.contains("12;40"), "no trace of the report:\n\(screen)")
        try session.sendKeys("Enter")
        screen = try session.waitFor("Got result: Follow the white rabbit. 🐰")
        #expect(!screen.contains("paused"))
    }
}
