import Foundation
import Testing

/// Bracketed paste in a real terminal: tmux wraps a paste in `ESC[200~` … `ESC[201~` only
/// because the TUI asked for it, so these also prove the mode is turned on.
/// Part of the serialized "TUI end to end" suite: one tmux test at a time on a small machine.
extension TUIEndToEndTests {
    @Test("a pasted \"search x\\r\\x03\" neither sends nor quits; it shows escaped and the TUI keeps working")
    func pastedControlCharactersAreText() throws {
        let session = try start(width: 100, height: 30)
        defer { session.kill() }
        try session.paste("search x\r\u{3}")
        var screen = try session.waitFor("control characters kept as text")
        #expect(screen.contains("app>  search x\\r\\x03"), "the composer shows the escapes:\n\(screen)")
        #expect(!screen.contains("sent search"), "the pasted CR did not send:\n\(screen)")
        #expect(try session.waitUntilDead(timeout: .milliseconds(300)) == nil, "the pasted Ctrl-C did not quit")
        // Still an ordinary TUI: the line is cleared and a typed request goes out.
        try session.sendKeys("C-u")
        try session.type("search morpheus")
        try session.sendKeys("Enter")
        screen = try session.waitFor("Got result: Follow the white rabbit. 🐰")
        #expect(!screen.contains("Got result: No match for 'x"))
    }

    @Test("a paste start whose end never comes ends by itself; keys act again")
    func aPasteWithoutItsEndDoesNotStick() throws {
        let session = try start(width: 100, height: 30)
        defer { session.kill() }
        try session.type("\u{1B}[200~search mor")
        try session.waitFor("the paste never said it ended")
        try session.type("pheus")
        try session.sendKeys("Enter")
        try session.waitFor("Got result: Follow the white rabbit. 🐰")
        try session.sendKeys("C-c")
        #expect(try session.waitUntilDead(timeout: .seconds(10)) == 0, "Ctrl-C quits again")
    }

    @Test("keys that arrive right behind a paste's end, in the same read, are keys again, in order")
    func keysRightAfterAPasteAreKeys() throws {
        let session = try start(width: 100, height: 30)
        defer { session.kill() }
        // One write: the paste, then typed text and Enter as a terminal would send them.
        try session.type("\u{1B}[200~search mor\u{1B}[201~pheus\r")
        try session.waitFor("Got result: Follow the white rabbit. 🐰")
    }
}
