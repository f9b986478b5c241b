import Foundation
import Glibc
// Re-exported so every file of this target sees the one binary locator.
@_exported import TestBinaries
import Synchronization
import Testing

/// A child process for the CLI and interop tests, spawned with `posix_spawn`: stdin from
/// /dev/null, stdout and stderr each into a temporary file (no pipes, so nothing can block on a
/// full pipe or wait for a grandchild's end of one), no descriptor of ours inherited, an empty
/// signal mask and default signal dispositions (the test process ignores SIGPIPE, which a child
/// would otherwise inherit). Every wait has a deadline; `deinit` kills and reaps.
final class Spawned {
    let pid: pid_t
    let arguments: [String]
    private let stdoutPath: String
    private let stderrPath: String
    private var status: Int32?

    private init(pid: pid_t, arguments: [String], stdoutPath: String, stderrPath: String) {
        self.pid = pid
        self.arguments = arguments
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    deinit {
        kill()
        unlink(stdoutPath)
        unlink(stderrPath)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static let counter = Atomic<Int>(0)

    private static func nextName() -> String {
        NSTemporaryDirectory() + "socketlab-e2e-\(getpid())-\(counter.wrappingAdd(1, ordering: .relaxed).newValue)"
    }

    /// Starts `arguments[0]` (a path, or a name looked up in PATH) with `environment` added to ours
    /// and the variables named in `unsetting` removed.
    static func start(_ arguments: [String], environment extra: [String: String] = [:], unsetting: [String] = []) throws -> Spawned {
        let base = nextName()
        let outPath = base + ".out"
        let errPath = base + ".err"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // No descriptor of this process (sockets of tests running in parallel) may leak into the
        // child, or a test closing its socket would never see the connection end.
        if let closeFrom = Self.addCloseFrom {
            _ = closeFrom(&actions, 3)
        } else {
            let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap(Int32.init)
            for fd in open where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        environment["PYTHONIOENCODING"] = "utf-8"
        for (key, value) in extra { environment[key] = value }
        for key in unsetting { environment.removeValue(forKey: key) }
        let envStrings = environment.map { "\($0.key)=\($0.value)" }

        var pid: pid_t = 0
        let spawnStatus = withCStrings(arguments) { argv in
            withCStrings(envStrings) { envp in
                posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
            }
        }
        guard spawnStatus == 0 else {
            unlink(outPath)
            unlink(errPath)
            throw Failure(description: "cannot start \(arguments): \(String(cString: strerror(spawnStatus)))")
        }
        return Spawned(pid: pid, arguments: arguments, stdoutPath: outPath, stderrPath: errPath)
    }

    /// Polls `condition` every 5 ms for at most `seconds`: how the CLI and interop tests wait for
    /// a child's output without a fixed sleep.
    static func eventually(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    /// Runs to completion within `timeout` (killed and reported as a failure otherwise).
    static func run(_ arguments: [String], environment: [String: String] = [:], unsetting: [String] = [],
                    timeout: Duration = .seconds(30)) throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try start(arguments, environment: environment, unsetting: unsetting)
        guard let status = child.wait(timeout: timeout) else {
            child.kill()
            throw Failure(description: "\(arguments) did not finish within \(timeout); stdout: \(child.stdout) stderr: \(child.stderr)")
        }
        return (status, child.stdout, child.stderr)
    }

    var stdout: String { Self.read(stdoutPath) }
    var stderr: String { Self.read(stderrPath) }

    var stdoutLines: [String] { Self.lines(stdout) }
    var stderrLines: [String] { Self.lines(stderr) }

    static func lines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func read(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The exit status (128 + signal for a signal death) once the child ended, or nil if it still
    /// runs after `timeout`.
    func wait(timeout: Duration) -> Int32? {
        if let status { return status }
        let deadline = ContinuousClock.now + timeout
        while true {
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid {
                // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
                let exited = raw & 0x7f == 0
                let value = exited ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                status = value
                return value
            }
            if result == -1 && errno != EINTR { return nil }
            if ContinuousClock.now >= deadline { return nil }
            usleep(2_000)
        }
    }

    var isRunning: Bool { wait(timeout: .zero) == nil }

    func signal(_ signal: Int32) {
        guard status == nil else { return }
        _ = Glibc.kill(pid, signal)
    }

    /// SIGTERM, then the exit status within `timeout` (nil: still running, and then killed).
    func terminate(timeout: Duration = .seconds(10)) -> Int32? {
        signal(SIGTERM)
        if let status = wait(timeout: timeout) { return status }
        kill()
        return nil
    }

    /// SIGKILL and reap; does nothing once the child has been reaped.
    func kill() {
        guard status == nil else { return }
        _ = Glibc.kill(pid, SIGKILL)
        _ = wait(timeout: .seconds(10))
    }

    /// Polls stdout until a line satisfies `predicate` or `timeout` passes (or the child exits).
    func waitForStdoutLine(timeout: Duration = .seconds(15), where predicate: (String) -> Bool) -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = stdoutLines.first(where: predicate) { return line }
            if !isRunning { return stdoutLines.first(where: predicate) }
            if ContinuousClock.now >= deadline { return nil }
            usleep(5_000)
        }
    }

    /// For a server: waits for `listening on ('127.0.0.1', PORT)` on stdout and returns PORT.
    func listeningPort(timeout: Duration = .seconds(15)) throws -> Int {
        let prefix = "listening on ('127.0.0.1', "
        guard let line = waitForStdoutLine(timeout: timeout, where: { $0.hasPrefix(prefix) && $0.hasSuffix(")") }),
              let port = Int(line.dropFirst(prefix.count).dropLast()), port > 0 else {
            throw Failure(description: "\(arguments) printed no listening line; stdout: \(stdout) stderr: \(stderr)")
        }
        return port
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module
    /// does not import; looked up at run time.
    private static let addCloseFrom: AddCloseFrom? = {
        guard let handle = dlopen(nil, RTLD_NOW),
              let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return body(pointers + [nil])
    }
}

/// The `socketlab` executable under test (found by `SocketLabBinary`, the one locator).
enum CLI {
    static var path: String { SocketLabBinary.path }

    static var exists: Bool { SocketLabBinary.exists }

    /// For `.enabled(if:)`: the binary exists, or CI requires it (then a missing one fails).
    static var shouldRun: Bool { SocketLabBinary.shouldRun }

    static let missing = Comment(rawValue: SocketLabBinary.missingReason)

    static func run(_ arguments: [String], environment: [String: String] = [:],
                    timeout: Duration = .seconds(30)) throws -> (status: Int32, stdout: String, stderr: String) {
        try Spawned.run([path] + arguments, environment: environment, timeout: timeout)
    }

    /// `socketlab server … 127.0.0.1 0`, started and listening; returns the child and its port.
    static func startServer(_ options: [String] = []) throws -> (Spawned, Int) {
        let server = try Spawned.start([path, "server"] + options + ["127.0.0.1", "0"])
        do {
            return (server, try server.listeningPort())
        } catch {
            server.kill()
            throw error
        }
    }
}

/// The Python reference peers in Tools/python, and the interpreter that runs them.
enum Python {
    /// The real interpreter behind `python3` on PATH (resolved once, so a pyenv shim is not
    /// re-run for every child), or nil when there is none.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let python3 = path.split(separator: ":").map({ "\($0)/python3" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        guard let probe = try? Spawned.run([python3, "-c", "import sys; assert sys.version_info >= (3, 8); print(sys.executable)"],
                                           timeout: .seconds(30)),
              probe.status == 0 else { return nil }
        let resolved = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.isExecutableFile(atPath: resolved) ? resolved : python3
    }()

    static var available: Bool { executable != nil }

    static let missing: Comment = "python3 (3.8 or later) is not on PATH; skipping the interop tests with Tools/python"

    // The scripts use the standard library only, so they run with `-S` (no `site` import: it
    // costs ~200 ms per start here, most of an interop test's time); `-u` for unbuffered output.

    static var scriptsDirectory: URL {
        SocketLabBinary.packageRoot.appendingPathComponent("Tools/python")
    }

    static func script(_ name: String) -> String {
        scriptsDirectory.appendingPathComponent(name).path
    }

    static func run(_ script: String, _ arguments: [String], timeout: Duration = .seconds(30)) throws -> (status: Int32, stdout: String, stderr: String) {
        try Spawned.run([executable ?? "python3", "-u", "-S", self.script(script)] + arguments, timeout: timeout)
    }

    /// A Python server on 127.0.0.1 port 0, listening; returns the child and its port.
    static func startServer(_ script: String) throws -> (Spawned, Int) {
        let server = try Spawned.start([executable ?? "python3", "-u", "-S", self.script(script), "127.0.0.1", "0"])
        do {
            return (server, try server.listeningPort())
        } catch {
            server.kill()
            throw error
        }
    }
}
