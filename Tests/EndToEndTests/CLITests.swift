import Foundation
import Glibc
import Testing

/// The real `socketlab` binary: version, help, argument errors, client failures in words, and a
/// server that prints where it listens and stops cleanly on SIGTERM.
@Suite("socketlab CLI", .enabled(if: CLI.exists, CLI.missing), .timeLimit(.minutes(2)))
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
            ["  <port>                  TCP port (0 = pick a free one). (default: 65432)"],
            ["  --mode <mode>           What to serve: app (framed search/binary requests), echo (one client, then exit) or multiconn (echo to many). (values: app, echo, multiconn; default: app)"],
            ["  --backlog <backlog>     Listen backlog (the tutorial's 128 overflows at 1,000 concurrent clients). (default: 4096)"],
            ["  --max-content-length <max-content-length>",
             "                          Largest content-length accepted, in bytes; larger requests are refused as soon as their header is read. (default: 16777216)"],
            ["  --idle-timeout <idle-timeout>",
             "                          Close a connection that completes no part of a message for this many seconds (0 = never). (default: 30.0)"],
            ["  --max-connections <max-connections>",
             "                          Connections beyond this many are accepted and closed at once, and counted. (default: 4096)"],
            ["  --quiet                 Print only the listening line and errors."],
            ["  --record <file>         Record the session to FILE: JSON Lines if it ends in .jsonl, pcap if .pcap."],
            ["  --record-limit <bytes>  Stop recording (never the session) before the file passes this many bytes (1…1099511627776; 100 MiB by default). (default: 104857600)"],
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
            "  <port>                  Server port.",
            "  <rest>                  app: ACTION VALUE; multiconn: NUM_CONNECTIONS; echo: nothing.",
            "  --mode <mode>           Which client: app, echo or multiconn. (values: app, echo, multiconn; default: app)",
            "  --timeout <timeout>     Seconds to wait for the connection and the reply. (default: 10.0)",
            "  --chunk <chunk>         app: send the request in chunks of this many bytes.",
            "  --delay <delay>         app: milliseconds between chunks (with --chunk). (default: 0)",
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
        (["server", "127.0.0.1", "70000"], "Error: port must be 0…65535, got 70000"),
        (["client", "127.0.0.1", "70000", "search", "morpheus"], "Error: port must be 1…65535, got 70000"),
        (["client", "--mode", "app", "127.0.0.1", "1"], "Error: app mode needs ACTION VALUE, e.g. `search morpheus`"),
        (["client", "--mode", "multiconn", "127.0.0.1", "1", "zero"], "Error: multiconn mode needs NUM_CONNECTIONS, a number from 1 to 100000"),
        (["client", "--mode", "echo", "127.0.0.1", "1", "extra"], "Error: echo mode takes only HOST PORT"),
        (["client", "--timeout", "0", "127.0.0.1", "1", "search", "x"], "Error: --timeout must be positive"),
        (["server", "--max-connections", "0", "127.0.0.1", "0"], "Error: --max-connections must be positive"),
        (["server", "--idle-timeout=-1", "127.0.0.1", "0"], "Error: --idle-timeout must be ≥ 0"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) throws {
        let run = try CLI.run(arguments)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        let lines = Spawned.lines(run.stderr)
        #expect(lines.first == message, "stderr: \(run.stderr)")
        #expect(lines.filter { $0.hasPrefix("Error:") }.count == 1, "stderr: \(run.stderr)")
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
