import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A program running inside a detached tmux session, driven like a user would: keys in, screen
/// text out. End-to-end tests of the TUI (and the README screenshots) are built on it.
///
/// Each session gets its own tmux server (`-L` socket, `-f /dev/null` config), so tests never
/// touch the user's tmux and `kill()` cleans up everything. tmux is started with `posix_spawnp`,
/// not `Foundation.Process`, to dodge three pitfalls seen under `swift test` (TERMINAL-NOTES.md):
/// the daemonised tmux server must inherit no pipe of ours (else waiting hangs forever), must not
/// inherit Swift Testing's blocked SIGCHLD (spawned with an empty mask and default handlers),
/// and Debian's tmux sometimes misses a SIGCHLD, which `waitUntilDead` makes up for.
final class TmuxSession {
    /// Why a session operation failed; carries the screen so a failing test shows what was there.
    enum Failure: Error, CustomStringConvertible {
        case tmuxNotInstalled
        case commandFailed(arguments: [String], status: Int32, output: String)
        case timedOut(waitingFor: String, screen: String)
        case paneDied(waitingFor: String, screen: String)

        var description: String {
            switch self {
            case .tmuxNotInstalled:
                return "tmux is not installed (apt-get install tmux)"
            case let .commandFailed(arguments, status, output):
                return "tmux \(arguments.joined(separator: " ")) failed with status \(status): \(output)"
            case let .timedOut(text, screen):
                return "timed out waiting for \(text.debugDescription); the screen was:\n\(screen)"
            case let .paneDied(text, screen):
                return "the program exited before showing \(text.debugDescription); the screen was:\n\(screen)"
            }
        }
    }

    /// The tmux session (and server socket) name, unique per process and session.
    let name: String
    private let configPath: String
    /// The server's socket file; tmux leaves it behind after `kill-server`.
    private var socketPath: String?
    private var killed = false

    /// True when a `tmux` executable is on PATH; use as `.enabled(if: TmuxSession.isAvailable)`.
    static var isAvailable: Bool { executablePath("tmux") != nil }

    private init(name: String, configPath: String) {
        self.name = name
        self.configPath = configPath
    }

    deinit { kill() }

    /// Starts `command` (a shell command line) in a new detached session of `width` × `height`
    /// cells, with `LANG=C.UTF-8` plus `env` in its environment. The pane stays after the
    /// program exits so its last screen and exit status can be read.
    static func start(command: String, width: Int = 120, height: Int = 40,
                      env: [String: String] = [:]) throws -> TmuxSession {
        guard isAvailable else { throw Failure.tmuxNotInstalled }
        let name = "socketlab-test-\(getpid())-\(nextSerial())"
        // A config read when the server starts, so `remain-on-exit` is on before the program can
        // exit; an empty dead-pane message, because tmux scrolls the screen to print it; no
        // status line, so the pane is exactly width × height.
        let configPath = NSTemporaryDirectory() + "\(name).tmux.conf"
        try """
        set -g remain-on-exit on
        set -g remain-on-exit-format ""
        set -g status off
        set -g history-limit 1000
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let session = TmuxSession(name: name, configPath: configPath)
        var arguments = ["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                         "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8"]
        for (key, value) in env.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments.append(command)
        try session.tmux(arguments)
        session.socketPath = try? session.tmux(["display-message", "-p", "#{socket_path}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return session
    }

    /// Sends keys by tmux name: "Enter", "Escape", "Tab", "BTab", "C-c", "Up", "PageDown",
    /// "F5", or plain text (tmux looks each argument up as a key name first).
    func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Types `literal` character by character, with no key-name lookup.
    func type(_ literal: String) throws {
        try tmux(["send-keys", "-t", name, "-l", "--", literal])
    }

    /// Pastes `text` as a terminal does: wrapped in `ESC[200~` … `ESC[201~` when the program
    /// asked for bracketed paste (tmux `paste-buffer -p`), as plain input otherwise.
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "socketlab-paste", "--", text])
        try tmux(["paste-buffer", "-p", "-d", "-b", "socketlab-paste", "-t", name])
    }

    /// The visible screen as text, one line per row (tmux trims trailing spaces); with
    /// `colors: true` it keeps the SGR escape sequences (the input of `ansi2png.sh`).
    func capture(colors: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", name] + (colors ? ["-e"] : []))
    }

    /// Polls the screen every 50 ms until it contains `text` and returns that screen. Wait for
    /// the last thing a frame draws: an earlier capture can catch a half-drawn frame.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let dead = try isDead()
            let screen = try capture()
            if screen.contains(text) { return screen }
            if dead { throw Failure.paneDied(waitingFor: text, screen: screen) }
            if ContinuousClock.now >= deadline { throw Failure.timedOut(waitingFor: text, screen: screen) }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Waits for the program to exit and returns its exit status (128 + n when killed by
    /// signal n), or nil if it is still running at the deadline.
    func waitUntilDead(timeout: Duration = .seconds(10)) throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let fields = try tmux(["display-message", "-p", "-t", name,
                                   "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pid}"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if fields.count == 4, fields[0] == "1" {
                if let status = Int32(fields[1]) { return status }
                if let signal = Int32(fields[2]), signal > 0 { return 128 + signal }
                // Dead without a status: tmux missed the SIGCHLD; poke the server to reap it.
                if let server = pid_t(fields[3]) { _ = Glibc.kill(server, SIGCHLD) }
            }
            if ContinuousClock.now >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Resizes the window (and pane); the program gets SIGWINCH.
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// Ends the session and its private tmux server. Idempotent; also runs from `deinit`.
    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
        unlink(configPath)
        if let socketPath, !socketPath.isEmpty { unlink(socketPath) }
    }

    private func isDead() throws -> Bool {
        try tmux(["display-message", "-p", "-t", name, "#{pane_dead}"])
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Runs one tmux client command against this session's server and returns its output.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let full = ["tmux", "-L", name, "-f", configPath] + arguments
        let (status, output) = try Self.run(full, timeout: .seconds(10))
        guard status == 0 else { throw Failure.commandFailed(arguments: arguments, status: status, output: output) }
        return output
    }

    // MARK: - Spawning

    private static let serial = Atomic<Int>(0)

    private static func nextSerial() -> Int {
        serial.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Runs one tmux command through `Spawned` (no pipes, no inherited descriptors, empty signal
    /// mask: the three pitfalls of starting tmux from `swift test`), killed at the deadline.
    static func run(_ arguments: [String], timeout: Duration) throws -> (status: Int32, output: String) {
        do {
            // Inside a tmux pane, tmux would refuse to nest.
            let result = try Spawned.run(arguments, unsetting: ["TMUX"], timeout: timeout)
            return (result.status, result.stdout + result.stderr)
        } catch {
            throw Failure.commandFailed(arguments: arguments, status: -1, output: "\(error)")
        }
    }

    private static func executablePath(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Quotes `word` for the shell command line `start(command:)` runs.
    static func shellQuote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
