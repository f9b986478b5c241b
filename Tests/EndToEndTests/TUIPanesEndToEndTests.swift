import Foundation
import Testing

/// What needs the real terminal: mouse clicks and the wheel as the terminal reports them, and
/// zoom redrawing the screen. Mouse events are typed into the pane as the xterm sequences a
/// terminal sends (`ESC [ M`, button + 32, column + 33, row + 33), which is what curses decodes.
/// Part of the serialized "TUI end to end" suite: one tmux test at a time on a small machine.
extension TUIEndToEndTests {
    /// The number written right after `label` in `text`.
    func number(after label: String, in text: String) -> Int? {
        guard let range = text.range(of: label) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    func mouse(_ session: TmuxSession, button: Int, x: Int, y: Int) throws {
        let bytes = [0x1B, 0x5B, 0x4D, 32 + button, 33 + x, 33 + y].map { Character(Unicode.Scalar(UInt8($0))) }
        try session.type(String(bytes))
    }

    /// Sends a burst of `count` search requests and waits for them to be listed.
    func burst(_ session: TmuxSession, _ count: Int) throws {
        try session.type("search morpheus")
        try session.sendKeys("Enter")
        try session.waitFor("Follow the white rabbit")
        try session.type(":burst \(count - 1)")
        try session.sendKeys("Enter")
        // Every client and its server side listed and closed ("listed" is cut at 80 columns; the
        // listening socket may have a row of its own).
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let title = try session.capture().prefix { $0 != "\n" }
            if let listed = number(after: "0 open, ", in: String(title)), listed >= count * 2 { return }
            try #require(ContinuousClock.now < deadline, "the burst did not finish: \(title)")
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    @Test("a click selects the connection drawn under the pointer, after the list has scrolled")
    func clickAfterScrolling() throws {
        let session = try start()
        defer { session.kill() }
        try burst(session, 20)
        try session.sendKeys("Escape")
        try session.sendKeys("End")
        let end = try session.waitFor("Bytes of connection 4")  // the last of 40-odd rows
        let last = try #require(number(after: "Bytes of connection ", in: end))
        try session.sendKeys("Up", "Up", "Up")
        let screen = try session.waitFor("Bytes of connection \(last - 3) ")
        let rows = screen.components(separatedBy: "\n")
        for y in [2, 4] {
            let id = try #require(Int(rows[y].split(separator: " ").first ?? ""), "row \(y): \(rows[y])")
            try mouse(session, button: 0, x: 10, y: y)
            try mouse(session, button: 3, x: 10, y: y)
            let after = try session.waitFor("Bytes of connection \(id) ")
            #expect(after.components(separatedBy: "\n")[y].hasPrefix(rows[y].prefix(8)), "the list did not jump")
        }
    }

    @Test("the wheel scrolls the pane under the pointer; z zooms the focused pane and back")
    func wheelAndZoom() throws {
        let session = try start(width: 80, height: 24)
        defer { session.kill() }
        try burst(session, 4)
        let screen = try session.capture()
        let eventsRow = try #require(screen.components(separatedBy: "\n").firstIndex { $0.hasPrefix(" Events") })
        try mouse(session, button: 64, x: 5, y: eventsRow + 2)  // wheel up
        try session.waitFor("newer below")
        try session.sendKeys("Escape")
        try session.sendKeys("Tab")  // the Bytes pane
        try session.sendKeys("z")
        let zoomed = try session.waitFor("Bytes zoomed")
        #expect(!zoomed.contains(" Connections "))
        #expect(!zoomed.contains(" Events"))
        try session.sendKeys("z")
        let back = try session.waitFor(" Connections ")
        #expect(back.contains(" Events"))
    }
}
