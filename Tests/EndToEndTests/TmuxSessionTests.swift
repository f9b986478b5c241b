import Foundation
import Testing

/// The harness itself, against a tiny Python program, so a failing TUI test points at the TUI
/// and not at tmux plumbing. Every wait has a deadline; no test can hang.
@Suite("TmuxSession harness", .enabled(if: TmuxSession.isAvailable, "tmux is not installed; skipping terminal tests"),
       .timeLimit(.minutes(1)))
struct TmuxSessionTests {
    /// Echoes each line as `got:LINE`; on `q` exits with status 3; `size` prints the terminal size.
    static let echoProgram = """
    import os, sys
    print("ready", flush=True)
    for line in sys.stdin:
        line = line.strip()
        if line == "q":
            sys.exit(3)
        if line == "size":
            cols, rows = os.get_terminal_size()
            print(f"size={cols}x{rows}", flush=True)
        else:
            print("got:" + line, flush=True)
    """

    static var echoCommand: String { "python3 -c \(TmuxSession.shellQuote(echoProgram))" }

    @Test("typed text reaches the program and its output is captured")
    func typingIsSeen() throws {
        let session = try TmuxSession.start(command: Self.echoCommand, width: 60, height: 10)
        defer { session.kill() }
        try session.waitFor("ready")
        try session.type("héllo 🚀 -x")
        try session.sendKeys("Enter")
        let screen = try session.waitFor("got:héllo 🚀 -x")
        #expect(screen.split(separator: "\n").first == "ready")
    }

    @Test("the exit status of the program is read")
    func exitStatus() throws {
        let session = try TmuxSession.start(command: Self.echoCommand, width: 60, height: 10)
        defer { session.kill() }
        try session.waitFor("ready")
        #expect(try session.waitUntilDead(timeout: .milliseconds(200)) == nil)
        try session.type("q")
        try session.sendKeys("Enter")
        #expect(try session.waitUntilDead(timeout: .seconds(10)) == 3)
    }

    @Test("a signal death is reported as 128 + signal")
    func signalDeath() throws {
        let session = try TmuxSession.start(command: "echo up; exec sleep 30", width: 40, height: 5)
        defer { session.kill() }
        try session.waitFor("up")
        try session.sendKeys("C-c")
        #expect(try session.waitUntilDead(timeout: .seconds(10)) == 128 + SIGINT)
    }

    @Test("resizing changes the size the program sees")
    func resize() throws {
        let session = try TmuxSession.start(command: Self.echoCommand, width: 80, height: 24)
        defer { session.kill() }
        try session.waitFor("ready")
        try session.type("size")
        try session.sendKeys("Enter")
        try session.waitFor("size=80x24")
        try session.resize(width: 50, height: 12)
        try session.type("size")
        try session.sendKeys("Enter")
        try session.waitFor("size=50x12")
    }

    @Test("tput sees the new width after a resize")
    func tputCols() throws {
        let script = "tput cols; read x; tput cols; read x"
        let session = try TmuxSession.start(command: script, width: 70, height: 10, env: ["TERM": "tmux-256color"])
        defer { session.kill() }
        try session.waitFor("70")
        try session.resize(width: 33, height: 10)
        try session.sendKeys("Enter")
        let screen = try session.waitFor("33")
        #expect(screen.split(separator: "\n").prefix(2) == ["70", "33"])
    }

    @Test("colour capture keeps the escape sequences, plain capture drops them")
    func colourCapture() throws {
        let session = try TmuxSession.start(command: "printf '\\033[31mred\\033[0m done\\n'; sleep 30",
                                            width: 40, height: 5, env: ["SOCKETLAB_MARK": "1"])
        defer { session.kill() }
        try session.waitFor("done")
        #expect(try session.capture().hasPrefix("red done"))
        #expect(try session.capture(colors: true).contains("\u{1B}[31mred"))
    }

    @Test("waitFor gives up at its deadline and shows the screen")
    func waitForTimesOut() throws {
        let session = try TmuxSession.start(command: Self.echoCommand, width: 40, height: 5)
        defer { session.kill() }
        try session.waitFor("ready")
        let started = ContinuousClock.now
        #expect {
            try session.waitFor("never shown", timeout: .milliseconds(300))
        } throws: { error in
            guard case TmuxSession.Failure.timedOut(_, let screen) = error else { return false }
            return screen.contains("ready")
        }
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test("waitFor fails fast when the program has exited")
    func waitForDeadPane() throws {
        // The pause lets tmux draw "bye" before the pane dies, even on a loaded machine.
        let session = try TmuxSession.start(command: "echo bye; sleep 0.3; exit 4", width: 40, height: 5)
        defer { session.kill() }
        #expect(try session.waitUntilDead(timeout: .seconds(10)) == 4)
        #expect(throws: TmuxSession.Failure.self) { try session.waitFor("never shown", timeout: .seconds(30)) }
        #expect(try session.capture().contains("bye"))
    }

    @Test("the socketlab binary is the one built with these tests, under the package root")
    func binaryLocation() {
        let root = SocketLabBinary.packageRoot.path
        #expect(FileManager.default.fileExists(atPath: root + "/Package.swift"))
        if ProcessInfo.processInfo.environment["SOCKETLAB_BIN"] == nil {
            #expect(SocketLabBinary.path.hasPrefix(root + "/.build"), "\(SocketLabBinary.path)")
            #expect(SocketLabBinary.path.hasSuffix("/socketlab"))
        }
    }

    @Test("under CI the socketlab binary must exist: the tests that run it fail instead of skipping",
          .enabled(if: SocketLabBinary.isCI, "only under CI (CI=true)"))
    func binaryExistsUnderCI() {
        #expect(SocketLabBinary.exists, "\(SocketLabBinary.missingReason)")
    }
}
