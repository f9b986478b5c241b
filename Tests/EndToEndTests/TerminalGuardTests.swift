import Foundation
import Glibc
import Testing

/// The C terminal guard (Sources/CTerminalGuard): a signal that kills the TUI while curses owns
/// the screen still leaves the user's terminal as it was (echo and line editing back on).
@Suite("terminal guard", .serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
       .timeLimit(.minutes(2)))
struct TerminalGuardTests {
    @Test("a fatal signal to the running TUI: the shell after it gets a cooked terminal back", arguments: [SIGQUIT, SIGABRT])
    func fatalSignalRestoresTheTerminal(_ signal: Int32) throws {
        try #require(SocketLabBinary.exists, "\(SocketLabBinary.missingReason)")
        let pidFile = NSTemporaryDirectory() + "socketlab-guard-\(getpid())-\(signal).pid"
        defer { unlink(pidFile) }
        // `exec` makes the recorded shell pid the TUI's; what runs after it shows the tty modes.
        let inner = "echo $$ > \(TmuxSession.shellQuote(pidFile)); exec \(TmuxSession.shellQuote(SocketLabBinary.path))"
        let command = "sh -c \(TmuxSession.shellQuote(inner)); stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo -e icanon -e -icanon | tr '\\n' ' '; echo GUARD-END"
        let session = try TmuxSession.start(command: command, width: 100, height: 30, env: ["SWIFT_BACKTRACE": "enable=no"])
        defer { session.kill() }
        try session.waitFor("app>")
        let pid = try #require(pid_t((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, signal) == 0)
        let screen = try session.waitFor("GUARD-END", timeout: .seconds(20))
        let modes = try #require(screen.split(separator: "\n").last { $0.contains("GUARD-END") })
        #expect(modes.contains("icanon") && !modes.contains("-icanon"), "\(modes)")
        #expect(modes.contains("echo") && !modes.contains("-echo"), "\(modes)")
    }

    @Test("bracketed paste is off again after the TUI, whether it quits or is killed", arguments: [0, SIGTERM, SIGQUIT])
    func bracketedPasteIsTurnedOff(_ signal: Int32) throws {
        try #require(SocketLabBinary.exists, "\(SocketLabBinary.missingReason)")
        let pidFile = NSTemporaryDirectory() + "socketlab-paste-\(getpid())-\(signal).pid"
        defer { unlink(pidFile) }
        let inner = "echo $$ > \(TmuxSession.shellQuote(pidFile)); exec \(TmuxSession.shellQuote(SocketLabBinary.path))"
        // After the TUI, `cat -v` shows what a paste sends: the brackets would show as ^[[200~.
        let command = "sh -c \(TmuxSession.shellQuote(inner)); echo GUARD-END; exec cat -v"
        let session = try TmuxSession.start(command: command, width: 100, height: 30, env: ["SWIFT_BACKTRACE": "enable=no"])
        defer { session.kill() }
        try session.waitFor("app>")
        // On, while the TUI runs: the paste arrives as text, not as keys.
        try session.paste("probe\r")
        try session.waitFor("pasted 6 characters")
        if signal == 0 {
            try session.sendKeys("C-c")
        } else {
            let pid = try #require(pid_t((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(kill(pid, signal) == 0)
        }
        try session.waitFor("GUARD-END", timeout: .seconds(20))
        try session.paste("after-the-tui\r")
        let screen = try session.waitFor("after-the-tui")
        #expect(!screen.contains("200~") && !screen.contains("201~"), "bracketed paste left on:\n\(screen)")
    }
}
