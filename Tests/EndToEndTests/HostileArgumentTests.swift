import Foundation
import Glibc
import Testing

/// A hostile user, not a hostile peer: every value-taking flag and argument of every subcommand
/// given text that would rewrite a terminal (OSC title, BEL, CSI as the C1 byte, a bidi
/// override). Whatever the command does with it (refuse it, fail to resolve it, name it in a
/// report), nothing it prints may carry those characters raw, and it must end with an error,
/// not a crash or a hang.
@Suite("hostile arguments", .enabled(if: CLI.shouldRun, CLI.missing), .timeLimit(.minutes(3)))
struct HostileArgumentTests {
    static let hostile = "\u{1B}]0;pwn\u{07}\u{9B}31m\u{202E}x"
    /// How `PythonRepr.escaped` shows it.
    static let escaped = "\\x1b]0;pwn\\x07\\x9b31m\\u202ex"

    /// One place for the hostile value: the subcommand path, the arguments with HOSTILE where the
    /// value goes and PORT for a closed port, and the flag or argument it exercises.
    struct Case: Sendable, CustomTestStringConvertible {
        var command: [String]
        var arguments: [String]
        var exercises: String
        /// False where the error rightly does not quote the value (it fails on something else first).
        var echoed = true
        var testDescription: String { (command + [exercises]).joined(separator: " ") }
    }

    static let cases: [Case] = {
        let client = ["127.0.0.1", "PORT", "search", "x"]
        let bench = ["--requests", "1", "--warmup", "0", "127.0.0.1", "PORT"]
        var cases: [Case] = []
        func add(_ command: [String], _ exercises: String, _ arguments: [String], echoed: Bool = true) {
            cases.append(Case(command: command, arguments: arguments, exercises: exercises, echoed: echoed))
        }
        for flag in ["--backlog", "--max-content-length", "--idle-timeout", "--max-connections", "--record-limit", "--mode"] {
            add(["server"], flag, [flag, "HOSTILE", "127.0.0.1", "0"])
        }
        add(["server"], "--record", ["--record", "/nonexistent/HOSTILE.jsonl", "127.0.0.1", "0"])
        add(["server"], "<host>", ["HOSTILE", "0"])
        add(["server"], "<port>", ["127.0.0.1", "HOSTILE"])
        for flag in ["--timeout", "--chunk", "--delay", "--record-limit", "--mode"] {
            add(["client"], flag, [flag, "HOSTILE"] + client)
        }
        add(["client"], "--record", ["--record", "/nonexistent/HOSTILE.pcap"] + client)
        add(["client"], "<host>", ["HOSTILE", "1", "search", "x"])
        add(["client"], "<port>", ["127.0.0.1", "HOSTILE", "search", "x"])
        add(["client"], "<rest>", ["--mode", "multiconn", "127.0.0.1", "PORT", "HOSTILE"], echoed: false)
        for flag in ["--connections", "--duration", "--warmup", "--requests", "--threads", "--timeout", "--size"] {
            add(["bench", "load"], flag, [flag, "HOSTILE", "127.0.0.1", "PORT"])
        }
        add(["bench", "load"], "--search", ["--search", "HOSTILE"] + bench)
        add(["bench", "load"], "--binary", ["--binary", "HOSTILE"] + bench)
        add(["bench", "load"], "<host>", ["HOSTILE", "1"])
        add(["bench", "load"], "<port>", ["127.0.0.1", "HOSTILE"])
        for flag in ["--mib", "--piece", "--repeats"] {
            add(["bench", "decode"], flag, [flag, "HOSTILE"])
        }
        add(["bench", "render"], "--samples", ["--samples", "HOSTILE"])
        for flag in ["--mode", "--theme", "--max-dump-bytes", "--max-events", "--timeout", "--listen", "--max-connections",
                     "--idle-timeout", "--record-limit"] {
            add(["tui"], flag, [flag, "HOSTILE"])
        }
        add(["tui"], "--record", ["--record", "/nonexistent/HOSTILE.jsonl", "--listen", "192.0.2.1:0"])
        add(["tui"], "<host>", ["HOSTILE", "1"])
        add(["tui"], "<port>", ["127.0.0.1", "HOSTILE"])
        for flag in ["--listen", "--mode", "--connect-timeout", "--max-connections", "--record-limit"] {
            add(["tap"], flag, [flag, "HOSTILE", "127.0.0.1", "1"])
        }
        add(["tap"], "--record", ["--record", "/nonexistent/HOSTILE.jsonl", "--no-tui", "127.0.0.1", "1"])
        add(["tap"], "<target-host>", ["--no-tui", "--listen", "192.0.2.1:0", "HOSTILE", "1"])
        add(["tap"], "<target-port>", ["127.0.0.1", "HOSTILE"])
        add(["replay"], "<file>", ["/nonexistent/HOSTILE.jsonl"])
        add(["replay"], "--timeout", ["--timeout", "HOSTILE", "x.jsonl"])
        add(["replay"], "--against", ["--against", "HOSTILE", "1", "/nonexistent/x.jsonl"], echoed: false)
        add(["tour"], "--script", ["--script", "/nonexistent/HOSTILE.json"])
        add(["tour"], "--theme", ["--theme", "HOSTILE"])
        return cases
    }()

    /// C0 controls but the newline, DEL, C1, and the format characters that reorder or hide text.
    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { s in
            (s.value < 0x20 && s != "\n") || (0x7F...0x9F).contains(s.value) || (0x200B...0x200F).contains(s.value)
                || (0x2028...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
        }.map { String(format: "U+%04X", $0.value) }
    }

    @Test("every flag and argument given terminal escapes: an error, echoed escaped, nothing raw on stdout or stderr", arguments: cases)
    func escapedEverywhere(_ hostileCase: Case) throws {
        let port = String(try CLITests.closedPort())
        let arguments = hostileCase.arguments.map {
            $0.replacingOccurrences(of: "HOSTILE", with: Self.hostile).replacingOccurrences(of: "PORT", with: port)
        }
        let run = try CLI.run(hostileCase.command + arguments)
        #expect(run.status == 1 || run.status == 64, "status \(run.status); stderr: \(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
        #expect(Self.rawControls(run.stdout + run.stderr).isEmpty,
                "raw \(Self.rawControls(run.stdout + run.stderr)) in stdout: \(run.stdout.debugDescription) stderr: \(run.stderr.debugDescription)")
        if hostileCase.echoed {
            #expect((run.stdout + run.stderr).contains(Self.escaped), "the value is not named (escaped): \(run.stderr)")
        }
    }

    /// The list above must grow with the commands: a flag that takes a value and is missing here
    /// fails this test, so no new flag escapes the sweep.
    @Test("the sweep covers every value-taking flag in every subcommand's --help")
    func sweepCoversEveryFlag() throws {
        let commands = [["server"], ["client"], ["bench", "load"], ["bench", "decode"], ["bench", "render"], ["tui"], ["tap"],
                        ["replay"], ["tour"]]
        for command in commands {
            let help = try CLI.run(command + ["--help"], environment: CLITests.wide)
            #expect(help.status == 0)
            let covered = Set(Self.cases.filter { $0.command == command }.map(\.exercises))
            for line in Spawned.lines(help.stdout) {
                let words = line.split(separator: " ")
                guard let first = words.first, first.hasPrefix("--"), words.count > 1, words[1].hasPrefix("<") else { continue }
                #expect(covered.contains(String(first)), "\(command.joined(separator: " ")) \(first) is not in the hostile sweep")
            }
        }
    }

    /// Files a user names that are not files to read: a FIFO with no writer used to block
    /// `tour --script` forever, a directory was "not valid JSON at byte 0", /dev/zero "262145
    /// bytes". Both readers now go through `CaptureFile.read`: regular files only, the size
    /// checked before reading.
    @Test("tour --script and replay refuse a FIFO, a directory, a device and a sparse 10 GB file at once")
    func notRegularFiles() throws {
        let directory = NSTemporaryDirectory() + "socketlab-hostile-files-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory + "/dir.json", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/fifo.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        let sparse = directory + "/sparse.json"
        #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
        #expect(truncate(sparse, 10 << 30) == 0)
        for (path, reason) in [(fifo, "not a regular file"), (directory + "/dir.json", "not a regular file"),
                               ("/dev/zero", "not a regular file"), (sparse, "is 10737418240 bytes, over the limit of")] {
            for command in [["tour", "--script", path], ["replay", path]] {
                let run = try CLI.run(command, timeout: .seconds(10))
                #expect(run.status == 1, "\(command): \(run.stderr)")
                #expect(run.stderr.contains(reason), "\(command): \(run.stderr)")
            }
        }
    }

    /// What a hostile argument leaves behind is printed later: `recorded … to NAME` names the
    /// `--record` path, and `replay --against` names each recorded request (`search VALUE`),
    /// text that comes from the file. Both were printed raw.
    @Test("a --record path and a recorded request holding escapes are printed escaped, by client and replay --against")
    func recordedTextEscaped() throws {
        let (server, port) = try CLI.startServer(["--quiet"])
        defer { server.kill() }
        let recording = RecordingTests.temporaryPath("\(Self.hostile).jsonl")
        defer { unlink(recording) }
        let client = try CLI.run(["client", "127.0.0.1", "\(port)", "search", Self.hostile, "--record", recording])
        #expect(client.status == 0, "\(client.stderr)")
        #expect(client.stderr.contains("recorded ") && client.stderr.contains("\(Self.escaped).jsonl"), "\(client.stderr)")
        #expect(Self.rawControls(client.stderr).isEmpty, "raw \(Self.rawControls(client.stderr)) in \(client.stderr.debugDescription)")
        let replay = try CLI.run(["replay", "--against", "127.0.0.1", "\(port)", recording])
        #expect(replay.status == 0, "\(replay.stdout) \(replay.stderr)")
        #expect(replay.stdout.contains("(connection 1, search \(Self.escaped)): identical reply"), "\(replay.stdout)")
        #expect(Self.rawControls(replay.stdout + replay.stderr).isEmpty,
                "raw \(Self.rawControls(replay.stdout + replay.stderr)) in \(replay.stdout.debugDescription)")
    }

    /// The longest single argument execve passes is 128 KiB (MAX_ARG_STRLEN), so "a 1 MB host
    /// name" arrives as E2BIG to the shell; 120,000 characters is the most a user can type at us.
    /// Every message quoting it is cut at `SocketLab.maxMessageLineBytes` (4 KiB) a line, saying
    /// how much was left out, instead of echoing 120 KB per line.
    @Test("120,000-character host, port, paths and --search: an error, and no message line over 4 KiB")
    func longArguments() throws {
        let long = String(repeating: "a", count: 120_000)
        let port = String(try CLITests.closedPort())
        let cases = [
            ["client", long, "1", "search", "x"],
            ["client", "127.0.0.1", long, "search", "x"],
            ["server", "--record", "/nonexistent/\(long).jsonl", "127.0.0.1", "0"],
            ["replay", "/nonexistent/\(long)"],
            ["tour", "--script", long],
            ["bench", "--search", long, "--requests", "1", "--warmup", "0", "--no-progress", "127.0.0.1", port],
        ]
        for arguments in cases {
            let run = try CLI.run(arguments)
            let name = arguments.map { $0.prefix(20) }.joined(separator: " ")
            #expect(run.status == 1 || run.status == 64, "\(name): status \(run.status)")
            #expect(!run.stderr.contains("Fatal error"), "\(name)")
            let longest = Spawned.lines(run.stdout + run.stderr).map(\.utf8.count).max() ?? 0
            #expect(longest <= 4_200, "\(name): a line of \(longest) bytes")
            #expect(run.stdout.utf8.count + run.stderr.utf8.count < 20_000, "\(name): \(run.stderr.utf8.count) bytes on stderr")
        }
    }

    /// An argument that is not UTF-8 reached the commands changed (U+FFFD for each bad byte), so a
    /// Latin-1 file name was looked up under another name. Now one clear usage error naming the
    /// bytes. (bash's `$'…'` passes the raw bytes; Swift strings cannot hold them.)
    @Test("an argument that is not UTF-8 is refused up front, naming its bytes, not used changed")
    func notUTF8() throws {
        for command in ["replay $'/tmp/caf\\xe9.jsonl'", "client $'h\\xff\\xfe' 1 search x", "tour --script $'\\xc3('"] {
            let run = try Spawned.run(["/bin/bash", "-c", "exec \"$0\" \(command)", CLI.path])
            #expect(run.status == 64, "\(command): \(run.stderr)")
            #expect(run.stderr.hasPrefix("Error: argument "), "\(command): \(run.stderr)")
            #expect(run.stderr.contains("is not UTF-8 text: b'") && !run.stderr.contains("\u{FFFD}"), "\(command): \(run.stderr)")
        }
        let run = try Spawned.run(["/bin/bash", "-c", "exec \"$0\" replay $'/nonexistent/caf\\xe9.jsonl'", CLI.path])
        #expect(run.stderr.contains("b'/nonexistent/caf\\xe9.jsonl'"), "\(run.stderr)")
    }
}
