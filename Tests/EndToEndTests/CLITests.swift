import Foundation
import Glibc
import Testing

/// The real `socketlab` binary: version, help, argument errors, client failures in words, and a
/// server that prints where it listens and stops cleanly on SIGTERM.
@Suite("socketlab CLI", .enabled(if: CLI.shouldRun, CLI.missing), .timeLimit(.minutes(2)))
struct CLITests {
    /// Wide enough that swift-argument-parser prints every option description on one line.
    static let wide = ["COLUMNS": "300"]

    @Test("--version prints the version")
    func version() throws {
        let run = try CLI.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "socketlab 0.1.0\n")
    }

    @Test("server --help documents every option, word for word")
    func serverHelp() throws {
        let run = try CLI.run(["server", "--help"], environment: Self.wide)
        #expect(run.status == 0)
        let lines = Spawned.lines(run.stdout)
        #expect(lines.contains("USAGE: socketlab server [--mode <mode>] [<host>] [<port>] [--backlog <backlog>] [--max-content-length <max-content-length>] [--idle-timeout <idle-timeout>] [--max-connections <max-connections>] [--quiet] [--record <file>] [--record-limit <bytes>]"))
        let expected: [[String]] = [
            ["  <host>                  Address to listen on: 127.0.0.1, ::1, a hostname, or \"\" for all interfaces. (default: 127.0.0.1)"],
            ["  <port>                  TCP port (0 = pick a free one). (0…65535; default: 65432)"],
            ["  --mode <mode>           What to serve: app (framed search/binary requests), echo (one client, then exit) or multiconn (echo to many). (values: app, echo, multiconn; default: app)"],
            ["  --backlog <backlog>     Listen backlog (the tutorial's 128 overflows at 1,000 concurrent clients). (1…65535; default: 4096)"],
            ["  --max-content-length <max-content-length>",
             "                          Largest content-length accepted, in bytes; larger requests are refused as soon as their header is read. (0…4294967296; default: 16777216)"],
            ["  --idle-timeout <idle-timeout>",
             "                          Close a connection that completes no part of a message (echo modes: moves no byte) for this many seconds (0 = never). (0 or 0.001…86400; default: 30)"],
            ["  --max-connections <max-connections>",
             "                          Connections beyond this many are accepted and closed at once, and counted. (1…1000000; default: 4096)"],
            ["  --quiet                 Print only the listening line and errors."],
            ["  --record <file>         Record the session to FILE: JSON Lines if it ends in .jsonl, pcap if .pcap."],
            ["  --record-limit <bytes>  Stop recording (never the session) before the file passes this many bytes (1…1099511627776; 100 MiB by default)."],
            ["  --version               Show the version."],
            ["  -h, --help              Show help information."],
        ]
        for block in expected {
            #expect(Self.containsRun(lines, block), "missing from server --help: \(block)")
        }
    }

    @Test("client --help documents every option, word for word")
    func clientHelp() throws {
        let run = try CLI.run(["client", "--help"], environment: Self.wide)
        #expect(run.status == 0)
        let lines = Spawned.lines(run.stdout)
        #expect(lines.contains("USAGE: socketlab client [--mode <mode>] <host> <port> [<rest> ...] [--timeout <timeout>] [--chunk <chunk>] [--delay <delay>] [--quiet] [--record <file>] [--record-limit <bytes>]"))
        let expected = [
            "  <host>                  Server host: 127.0.0.1, ::1 or a hostname.",
            "  <port>                  Server port. (1…65535)",
            "  <rest>                  app: ACTION VALUE; multiconn: NUM_CONNECTIONS (1…100000); echo: nothing.",
            "  --mode <mode>           Which client: app, echo or multiconn. (values: app, echo, multiconn; default: app)",
            "  --timeout <timeout>     Seconds to wait for a connection and its reply. (0.001…86400; default: 10)",
            "  --chunk <chunk>         app: send the request in chunks of this many bytes. (1…16777216)",
            "  --delay <delay>         app: milliseconds between chunks (with --chunk). (0…60000; default: 0)",
            "  --quiet                 Print only the result.",
            "  --version               Show the version.",
            "  -h, --help              Show help information.",
        ]
        for line in expected {
            #expect(lines.contains(line), "missing from client --help: \(line)")
        }
    }

    /// A usage error: non-zero exit, nothing on stdout, and exactly one `Error:` line, the first on
    /// stderr (swift-argument-parser follows it with the usage and a pointer to --help).
    @Test("bad arguments give one clear error line and a non-zero exit", arguments: [
        (["client", "--mode", "app", "127.0.0.1", "1"], "Error: app mode needs ACTION VALUE, e.g. `search morpheus`"),
        (["client", "--mode", "multiconn", "127.0.0.1", "1", "zero"], "Error: multiconn mode needs NUM_CONNECTIONS, a number from 1 to 100000"),
        (["client", "--mode", "echo", "127.0.0.1", "1", "extra"], "Error: echo mode takes only HOST PORT"),
        (["tui", "127.0.0.1"], "Error: give both HOST and PORT, or neither for an embedded server"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) throws {
        let run = try CLI.run(arguments)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        let lines = Spawned.lines(run.stderr)
        #expect(lines.first == message, "stderr: \(run.stderr)")
        #expect(lines.filter { $0.hasPrefix("Error:") }.count == 1, "stderr: \(run.stderr)")
    }

    @Test("tour --script: a broken script is refused before the terminal opens, naming the step and the line")
    func tourScriptErrors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tour-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json").path
        defer { unlink(path) }
        try #"{"steps": [{"title": "a", "mode": "echo", "text": ["t"], "actions": [":bad json"]}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CLI.run(["tour", "--script", path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("tour step 1: `:bad json` is not a composer command"), "stderr: \(run.stderr)")
        let missing = try CLI.run(["tour", "--script", path + ".missing"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read the tour"), "stderr: \(missing.stderr)")
    }

    /// Every numeric flag of every subcommand refuses what is not a number in its range with
    /// argument-parser's usage error (exit status 64) naming the range: never a trap (these values
    /// used to end in "Fatal error: Double value cannot be converted to Int64" or an overflow).
    @Test("out-of-range numbers are usage errors (exit 64) with the range, never a crash", arguments: [
        (["client", "--timeout", "inf", "127.0.0.1", "1", "search", "x"], "--timeout <timeout>", "a number of seconds from 0.001 to 86400"),
        (["client", "--timeout", "1e300", "127.0.0.1", "1", "search", "x"], "--timeout <timeout>", "a number of seconds from 0.001 to 86400"),
        (["client", "--timeout", "nan", "127.0.0.1", "1", "search", "x"], "--timeout <timeout>", "a number of seconds from 0.001 to 86400"),
        (["client", "--timeout", "0x10", "127.0.0.1", "1", "search", "x"], "--timeout <timeout>", "a number of seconds from 0.001 to 86400"),
        (["client", "--timeout", "infinity", "127.0.0.1", "1", "search", "x"], "--timeout <timeout>", "a number of seconds from 0.001 to 86400"),
        (["client", "--timeout", " 5", "127.0.0.1", "1", "search", "x"], "--timeout <timeout>", "a number of seconds from 0.001 to 86400"),
        (["client", "--timeout=-1", "127.0.0.1", "1", "search", "x"], "--timeout <timeout>", "a number of seconds from 0.001 to 86400"),
        (["client", "--timeout", "0", "127.0.0.1", "1", "search", "x"], "--timeout <timeout>", "a number of seconds from 0.001 to 86400"),
        (["client", "--chunk", "0", "127.0.0.1", "1", "search", "x"], "--chunk <chunk>", "a number of bytes from 1 to 16777216"),
        (["client", "--chunk", "9223372036854775808", "127.0.0.1", "1", "search", "x"], "--chunk <chunk>", "a number of bytes from 1 to 16777216"),
        (["client", "--delay", "9223372036854775807", "127.0.0.1", "1", "search", "x"], "--delay <delay>", "a number of milliseconds from 0 to 60000"),
        (["client", "--delay=-1", "127.0.0.1", "1", "search", "x"], "--delay <delay>", "a number of milliseconds from 0 to 60000"),
        (["client", "127.0.0.1", "70000", "search", "x"], "<port>", "a port from 1 to 65535"),
        (["client", "127.0.0.1", "0", "search", "x"], "<port>", "a port from 1 to 65535"),
        (["server", "--idle-timeout", "1e16", "127.0.0.1", "0"], "--idle-timeout <idle-timeout>", "0 (never) or a number of seconds from 0.001 to 86400"),
        (["server", "--idle-timeout", "inf", "127.0.0.1", "0"], "--idle-timeout <idle-timeout>", "0 (never) or a number of seconds from 0.001 to 86400"),
        (["server", "--idle-timeout=-1", "127.0.0.1", "0"], "--idle-timeout <idle-timeout>", "0 (never) or a number of seconds from 0.001 to 86400"),
        (["server", "--max-content-length", "9223372036854775807", "127.0.0.1", "0"], "--max-content-length <max-content-length>", "a number of bytes from 0 to 4294967296"),
        (["server", "--max-content-length=-1", "127.0.0.1", "0"], "--max-content-length <max-content-length>", "a number of bytes from 0 to 4294967296"),
        (["server", "--max-connections", "0", "127.0.0.1", "0"], "--max-connections <max-connections>", "a number of connections from 1 to 1000000"),
        (["server", "--max-connections", "99999999999999999999", "127.0.0.1", "0"], "--max-connections <max-connections>", "a number of connections from 1 to 1000000"),
        (["server", "--backlog", "2147483648", "127.0.0.1", "0"], "--backlog <backlog>", "a queue length from 1 to 65535"),
        (["server", "--backlog", "0", "127.0.0.1", "0"], "--backlog <backlog>", "a queue length from 1 to 65535"),
        (["server", "127.0.0.1", "70000"], "<port>", "a port (0 = any free one) from 0 to 65535"),
        (["bench", "--connections", "9223372036854775807", "127.0.0.1", "1"], "--connections <connections>", "a number of connections from 1 to 100000"),
        (["bench", "--connections", "0", "127.0.0.1", "1"], "--connections <connections>", "a number of connections from 1 to 100000"),
        (["bench", "--duration", "inf", "127.0.0.1", "1"], "--duration <duration>", "a number of seconds from 0.001 to 86400"),
        (["bench", "--warmup", "1e300", "127.0.0.1", "1"], "--warmup <warmup>", "0 (none) or a number of seconds from 0.001 to 3600"),
        (["bench", "--timeout", "nan", "127.0.0.1", "1"], "--timeout <timeout>", "a number of seconds from 0.001 to 86400"),
        (["bench", "--threads", "100000", "127.0.0.1", "1"], "--threads <threads>", "a number of threads from 1 to 256"),
        (["bench", "--requests", "0", "127.0.0.1", "1"], "--requests <requests>", "a number of requests from 1 to 1000000000000"),
        (["bench", "--size", "9223372036854775807", "127.0.0.1", "1"], "--size <size>", "a number of bytes from 0 to 4294967296"),
        (["bench", "127.0.0.1", "65536"], "<port>", "a port from 1 to 65535"),
        (["bench", "decode", "--mib", "100000"], "--mib <mib>", "a number of MiB from 1 to 1024"),
        (["bench", "decode", "--piece", "0"], "--piece <piece>", "a number of bytes from 1 to 67108864"),
        (["bench", "decode", "--repeats", "9223372036854775807"], "--repeats <repeats>", "a number of runs from 1 to 1000"),
        (["tui", "--max-dump-bytes", "9223372036854775807"], "--max-dump-bytes <max-dump-bytes>", "a number of bytes from 256 to 16777216"),
        (["tui", "--max-events", "5"], "--max-events <max-events>", "a number of lines from 10 to 100000"),
        (["tui", "127.0.0.1", "99999"], "<port>", "a port from 1 to 65535"),
        (["tui", "--listen", "127.0.0.1:99999999999999999999"], "--listen <listen>",
         "HOST:PORT with a port (0 = any free one) from 0 to 65535, e.g. 0.0.0.0:65432 or [::1]:8080"),
        (["tap", "--listen", "0.0.0.0:-1", "127.0.0.1", "1"], "--listen <listen>",
         "HOST:PORT with a port (0 = any free one) from 0 to 65535, e.g. 0.0.0.0:65432 or [::1]:8080"),
        (["bench", "render", "--samples", "0"], "--samples <samples>", "a number of frames from 1 to 100000"),
        (["server", "--record", "x.jsonl", "--record-limit", "9223372036854775807", "127.0.0.1", "0"], "--record-limit <bytes>", "a number of bytes from 1 to 1099511627776"),
        (["client", "--record-limit", "0", "127.0.0.1", "1", "search", "x"], "--record-limit <bytes>", "a number of bytes from 1 to 1099511627776"),
    ])
    func numericFlags(_ arguments: [String], _ flag: String, _ expected: String) throws {
        let run = try CLI.run(arguments)
        #expect(run.status == 64, "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty)
        let lines = Spawned.lines(run.stderr)
        #expect(lines.first?.hasPrefix("Error: The value '") == true, "stderr: \(run.stderr)")
        #expect(lines.first?.hasSuffix("' is invalid for '\(flag)': expected \(expected)") == true, "stderr: \(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"), "stderr: \(run.stderr)")
    }

    /// Every flag that takes a duration, on every subcommand that has one: the arguments before
    /// the flag, the flag, the arguments after it (so only the flag can be wrong; PORT is a
    /// closed port), and whether 0 means "off" for it.
    static let durationFlags: [(before: [String], flag: String, after: [String], off: Bool)] = [
        (["client"], "--timeout", ["127.0.0.1", "PORT", "search", "x"], false),
        (["server"], "--idle-timeout", ["192.0.2.1", "0"], true),
        (["bench"], "--duration", ["--requests", "1", "127.0.0.1", "PORT"], false),
        (["bench"], "--warmup", ["--requests", "1", "127.0.0.1", "PORT"], true),
        (["bench"], "--timeout", ["--requests", "1", "127.0.0.1", "PORT"], false),
        (["bench", "load"], "--duration", ["--requests", "1", "127.0.0.1", "PORT"], false),
        (["tui"], "--timeout", ["--listen", "192.0.2.1:0"], false),
        (["tui"], "--idle-timeout", ["--listen", "192.0.2.1:0"], true),
        (["tap"], "--connect-timeout", ["--listen", "192.0.2.1:0", "127.0.0.1", "1"], false),
        (["replay"], "--timeout", ["/nonexistent/socketlab-replay.jsonl"], false),
    ]

    /// Durations under the shared 1 ms floor (DurationBounds.shortest) are usage errors on every
    /// duration flag: `1e-300` and the denormal `5e-324` used to pass and become a zero Duration
    /// (`--idle-timeout 1e-300` cut every connection at once). 0 stays "off" where it means that;
    /// 1 ms itself passes the parser (the run then fails on the closed port, address or file).
    @Test("durations under 1 ms are usage errors on every duration flag; 0 only where it means off", arguments: durationFlags.indices)
    func tinyDurations(_ index: Int) throws {
        let (before, flag, template, off) = Self.durationFlags[index]
        // Accepted values must fail fast after parsing: a closed port (refused), an address that
        // is not this machine's (192.0.2.1, TEST-NET), a missing file; no name is looked up.
        let port = String(try Self.closedPort())
        let after = template.map { $0 == "PORT" ? port : $0 }
        var refused = ["1e-300", "5e-324", "0.0009", "0x1p-11", "-0.001", "1e-4"]
        if !off { refused += ["0", "-0"] }
        for value in refused {
            let run = try CLI.run(before + ["\(flag)=\(value)"] + after)
            #expect(run.status == 64, "\(before) \(flag)=\(value): stderr: \(run.stderr)")
            let first = Spawned.lines(run.stderr).first ?? ""
            #expect(first.hasPrefix("Error: The value '\(value)' is invalid for '\(flag) <"), "\(before) \(flag)=\(value): \(first)")
            #expect(first.contains("a number of seconds from 0.001 to "), "\(before) \(flag)=\(value): \(first)")
            #expect(first.contains("(0 (") == false && (first.contains("expected 0 (") == off), "\(before) \(flag)=\(value): \(first)")
        }
        for value in ["0.001"] + (off ? ["0", "-0"] : []) {
            let run = try CLI.run(before + ["\(flag)=\(value)"] + after)
            #expect(run.status != 64, "\(before) \(flag)=\(value) refused: \(run.stderr)")
            #expect(!run.stderr.contains("is invalid for"), "\(before) \(flag)=\(value): \(run.stderr)")
        }
        // `bench --help` describes the group; its flags are those of `bench load`, the default.
        let help = try CLI.run((before == ["bench"] ? ["bench", "load"] : before) + ["--help"], environment: Self.wide)
        #expect(help.stdout.contains(off ? "(0 or 0.001…" : "(0.001…"), "\(before) --help does not state the range of \(flag)")
    }

    /// argument-parser wraps to COLUMNS and trapped when it left no room for its indent.
    @Test("help and usage errors with COLUMNS=0, 1, 20, -5 or 2^31-1: printed, never a crash", arguments: ["0", "1", "20", "-5", "2147483647"])
    func oddColumns(_ columns: String) throws {
        let help = try CLI.run(["server", "--help"], environment: ["COLUMNS": columns])
        #expect(help.status == 0, "COLUMNS=\(columns): \(help.stderr.prefix(300))")
        #expect(help.stdout.contains("--idle-timeout <idle-timeout>") && help.stdout.contains("Close a connection"), "\(help.stdout)")
        let usage = try CLI.run(["client", "127.0.0.1", "x"], environment: ["COLUMNS": columns])
        #expect(usage.status == 64, "COLUMNS=\(columns): \(usage.stderr.prefix(300))")
        #expect(Spawned.lines(usage.stderr).first == "Error: The value 'x' is invalid for '<port>': expected a port from 1 to 65535")
    }

    /// The duration sweep must grow with the commands: a flag whose help states a range starting
    /// at the 1 ms floor and missing from `durationFlags` fails this test.
    @Test("every flag whose --help states a range in seconds from 0.001 is in the duration sweep")
    func durationSweepCoversEveryFlag() throws {
        let commands = [["server"], ["client"], ["bench", "load"], ["bench", "decode"], ["bench", "render"], ["tui"], ["tap"],
                        ["replay"], ["tour"]]
        var found = 0
        for command in commands {
            let help = try CLI.run(command + ["--help"], environment: Self.wide)
            let covered = Set(Self.durationFlags.filter { ($0.before == ["bench"] ? ["bench", "load"] : $0.before) == command }.map(\.flag))
            var flag: Substring?
            for line in Spawned.lines(help.stdout) {
                let words = line.split(separator: " ")
                if let first = words.first, first.hasPrefix("--") { flag = first }
                guard line.contains("(0.001…") || line.contains("(0 or 0.001…"), let flag else { continue }
                found += 1
                #expect(covered.contains(String(flag)), "\(command.joined(separator: " ")) \(flag) takes seconds but is not in durationFlags")
            }
        }
        #expect(found >= Self.durationFlags.count - 1, "only \(found) duration flags found in the help texts")
    }

    @Test("connection refused: stderr says so in one line, exit status 1")
    func refused() throws {
        let port = try Self.closedPort()
        let run = try CLI.run(["client", "127.0.0.1", "\(port)", "search", "morpheus"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("connection refused"))
        let errors = Spawned.lines(run.stderr).filter { $0.hasPrefix("Error:") }
        #expect(errors == ["Error: cannot connect: connection refused by 127.0.0.1:\(port)"], "stderr: \(run.stderr)")
    }

    @Test("an unresolvable host: stderr says it cannot resolve, exit status 1")
    func unresolvable() throws {
        let run = try CLI.run(["client", "nosuchhost.invalid", "65432", "search", "morpheus"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("cannot resolve"))
        let errors = Spawned.lines(run.stderr).filter { $0.hasPrefix("Error:") }
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("Error: cannot resolve the host: could not resolve host 'nosuchhost.invalid'") == true, "stderr: \(run.stderr)")
    }

    @Test("no reply within --timeout: stderr says so, exit status 1, and it does not wait longer")
    func timeout() throws {
        let listener = try Self.silentListener()
        defer { close(listener.fd) }
        let clock = ContinuousClock()
        let began = clock.now
        let run = try CLI.run(["client", "--timeout", "0.5", "127.0.0.1", "\(listener.port)", "search", "morpheus"])
        let elapsed = clock.now - began
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let errors = Spawned.lines(run.stderr).filter { $0.hasPrefix("Error:") }
        #expect(errors == ["Error: no reply from 127.0.0.1:\(listener.port) within 0.5 s (--timeout)"], "stderr: \(run.stderr)")
        #expect(elapsed < .seconds(10))
    }

    @Test("server on a port in use: one error line, exit status 1")
    func portInUse() throws {
        let listener = try Self.silentListener()
        defer { close(listener.fd) }
        let run = try CLI.run(["server", "127.0.0.1", "\(listener.port)"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let errors = Spawned.lines(run.stderr).filter { $0.hasPrefix("Error:") }
        #expect(errors == ["Error: cannot start the server: address 127.0.0.1:\(listener.port) is already in use"], "stderr: \(run.stderr)")
    }

    @Test("server on port 0 prints its address, serves, and exits 0 on SIGTERM")
    func serverLifecycle() throws {
        let (server, port) = try CLI.startServer()
        defer { server.kill() }
        #expect(server.stdoutLines.first == "listening on ('127.0.0.1', \(port))")

        let client = try CLI.run(["client", "--quiet", "127.0.0.1", "\(port)", "search", "morpheus"])
        #expect(client.status == 0)
        #expect(client.stdout == "Got result: Follow the white rabbit. \u{1F430}\n")
        #expect(client.stderr.isEmpty, "--quiet prints only the result")

        let binary = try CLI.run(["client", "127.0.0.1", "\(port)", "binary", "\u{1F603}"])
        #expect(binary.status == 0)
        #expect(binary.stdout == "Got response: b'First 10 bytes of request: binary\\xf0\\x9f\\x98\\x83'\n")
        #expect(binary.stderr.hasPrefix("starting connection to ('127.0.0.1', \(port))\n"), "progress lines go to stderr")

        #expect(server.terminate(timeout: .seconds(10)) == 0)
        #expect(server.stdoutLines == ["listening on ('127.0.0.1', \(port))"], "stdout holds only the listening line")
        let log = server.stderrLines
        #expect(log.contains("caught signal 15, stopping"), "\(log)")
        #expect(log.last == "server on 127.0.0.1:\(port) stopped", "\(log)")
        #expect(log.contains { $0.hasPrefix("received request {'action': 'search', 'value': 'morpheus'} from ('127.0.0.1', ") })
        #expect(!log.contains { $0.hasPrefix("error:") }, "\(log)")
    }

    @Test("server --quiet prints only the listening line, and still reports errors")
    func serverQuiet() throws {
        let (server, port) = try CLI.startServer(["--quiet", "--max-content-length", "100"])
        defer { server.kill() }
        let ok = try CLI.run(["client", "127.0.0.1", "\(port)", "search", "ring"])
        #expect(ok.stdout == "Got result: In the caves beneath the Misty Mountains. \u{1F48D}\n")
        // 101 bytes of binary content, over --max-content-length 100: refused with a reason.
        let big = try CLI.run(["client", "127.0.0.1", "\(port)", "x", String(repeating: "y", count: 100)])
        #expect(big.status == 1)
        #expect(Spawned.lines(big.stderr).contains("Error: the server closed the connection before replying: no reply bytes at all")
                    || big.stderr.contains("Error: the connection failed: connection reset by peer"), "stderr: \(big.stderr)")
        #expect(server.terminate() == 0)
        #expect(server.stdoutLines == ["listening on ('127.0.0.1', \(port))"])
        let log = server.stderrLines
        #expect(log.count == 1, "\(log)")
        #expect(log.first?.hasPrefix("error: closing connection ") == true, "\(log)")
        #expect(log.first?.hasSuffix("the JSON header declares 101 bytes of content, above the limit of 100") == true, "\(log)")
    }

    @Test("server --max-connections refuses connections over the cap and logs each with the running count")
    func maxConnections() throws {
        let (server, port) = try CLI.startServer(["--max-connections", "1", "--idle-timeout", "0"])
        defer { server.kill() }
        // One connection held open (no request), so every further one is over the cap.
        let held = try Self.connect(port: port)
        defer { close(held) }
        #expect(Spawned.eventually { server.stderrLines.contains { $0.hasPrefix("accepted connection from ") } })
        for _ in 0..<2 {
            let run = try CLI.run(["client", "--timeout", "5", "127.0.0.1", "\(port)", "search", "morpheus"])
            #expect(run.status == 1, "refused: the server closes at once without a reply")
            let errors = Spawned.lines(run.stderr).filter { $0.hasPrefix("Error:") }
            #expect(errors.count == 1, "stderr: \(run.stderr)")
            // Which words depends on timing: FIN before our send, RST after it, or EPIPE on the send.
            let words = ["closed the connection before replying", "connection reset by peer", "broken pipe"]
            #expect(errors.first.map { line in words.contains { line.contains($0) } } == true, "stderr: \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        #expect(server.terminate() == 0)
        let refused = server.stderrLines.filter { $0.hasPrefix("error: refused connection from 127.0.0.1:") }
        #expect(refused.count == 2, "\(server.stderrLines)")
        #expect(refused.first?.hasSuffix(": over --max-connections (1 refused so far)") == true, "\(refused)")
        #expect(refused.last?.hasSuffix(": over --max-connections (2 refused so far)") == true, "\(refused)")
    }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Spawned.Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw Spawned.Failure(description: "connect: errno \(errno)")
        }
        return fd
    }

    /// True when `block` appears in `lines` as consecutive lines.
    static func containsRun(_ lines: [String], _ block: [String]) -> Bool {
        guard !block.isEmpty, lines.count >= block.count else { return false }
        return (0...(lines.count - block.count)).contains { Array(lines[$0..<($0 + block.count)]) == block }
    }

    /// A port on 127.0.0.1 nothing listens on.
    static func closedPort() throws -> Int {
        let listener = try silentListener()
        close(listener.fd)
        return listener.port
    }

    /// A socket listening on 127.0.0.1 port 0 that never accepts.
    static func silentListener() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Spawned.Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw Spawned.Failure(description: "bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
