import Foundation
import Testing

/// What the real binary prints when a peer sends terminal control sequences: a server (here
/// `raw_peer.py serve`) answering with ESC/BEL/C1/bidi characters in its header values and
/// content, and a client sending them to our server. Nothing of it may reach stderr, the log or a
/// terminal raw (a peer could retitle or rewrite the user's terminal); stdout that is not a
/// terminal keeps the tutorial's exact `Got result:` text, which scripts compare.
@Suite("hostile peers and the CLI's output", .enabled(if: CLI.exists, CLI.missing), .enabled(if: Python.available, Python.missing),
       .timeLimit(.minutes(2)))
struct HostilePeerCLITests {
    /// OSC "set title" (ESC ] … BEL), CSI via C1 (U+009B), a bidi override and a line separator.
    static let hostile = "\u{1B}]0;pwned\u{07}\u{9B}31m\u{202E}evil\u{2028}"
    /// The same inside a JSON string: C0 controls must be escaped there, the rest may be raw.
    static let hostileJSON = #"\u001b]0;pwned\u0007"# + "\u{9B}31m\u{202E}evil\u{2028}"
    /// How Python's `repr` (and so every line we print) shows it.
    static let hostileEscaped = #"\x1b]0;pwned\x07\x9b31m\u202eevil\u2028"#

    /// True when `text` holds a character a terminal acts on or that reorders or hides text:
    /// C0/C1 controls (other than the line breaks between lines), bidi and other format characters,
    /// line and paragraph separators.
    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            if scalar == "\n" || scalar == "\r" { return false }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    static func frame(header: String, content: [UInt8]) -> [UInt8] {
        let h = Array(header.utf8)
        return [UInt8(h.count >> 8), UInt8(h.count & 0xFF)] + h + content
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// `raw_peer.py serve` answering `count` connections with `reply`; its port.
    static func hostileServer(_ reply: [UInt8], count: Int = 1) throws -> (Spawned, Int) {
        let server = try Spawned.start([Python.executable ?? "python3", "-u", "-S", Python.script("raw_peer.py"), "serve",
                                        "127.0.0.1", "0", hex(reply), "--count", "\(count)"])
        do {
            return (server, try server.listeningPort())
        } catch {
            server.kill()
            throw error
        }
    }

    /// Runs `arguments` with stdout and stderr on a pseudo-terminal; returns what the terminal got.
    static func onTerminal(_ arguments: [String]) throws -> String {
        let script = """
        import os, subprocess, sys
        m, s = os.openpty()
        p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=s, stderr=s)
        os.close(s)
        out = b""
        while True:
            try:
                d = os.read(m, 65536)
            except OSError:
                break
            if not d:
                break
            out += d
        p.wait()
        sys.stdout.buffer.write(out)
        sys.exit(p.returncode)
        """
        let run = try Spawned.run([Python.executable ?? "python3", "-S", "-c", script] + arguments, timeout: .seconds(30))
        return run.stdout
    }

    @Test("a header value with ESC/BEL/C1/bidi is escaped in the client's error line")
    func headerValueInError() throws {
        let header = #"{"byteorder": "big", "content-type": "text/json", "content-encoding": ""# + Self.hostileJSON + #"", "content-length": 2}"#
        let (server, port) = try Self.hostileServer(Self.frame(header: header, content: Array("{}".utf8)))
        defer { server.kill() }
        let run = try CLI.run(["client", "127.0.0.1", "\(port)", "search", "morpheus"])
        #expect(run.status == 1)
        #expect(!Self.hasRawControl(run.stderr), "stderr: \(run.stderr.debugDescription)")
        let errors = Spawned.lines(run.stderr).filter { $0.hasPrefix("Error:") }
        #expect(errors == [#"Error: the server's reply is malformed: the content-encoding ""# + Self.hostileEscaped
                    + #"" is not one this server can decode (utf-8, ascii, latin-1)"#], "stderr: \(run.stderr.debugDescription)")
    }

    @Test("a byteorder or content-type value with controls is escaped too")
    func otherHeaderValues() throws {
        let header = #"{"byteorder": ""# + Self.hostileJSON + #"", "content-type": "x", "content-encoding": "binary", "content-length": 0}"#
        let (server, port) = try Self.hostileServer(Self.frame(header: header, content: []))
        defer { server.kill() }
        let run = try CLI.run(["client", "127.0.0.1", "\(port)", "binary", "x"])
        #expect(run.status == 1)
        #expect(!Self.hasRawControl(run.stderr), "stderr: \(run.stderr.debugDescription)")
        // The value is quoted as JSON text (C0 controls as \u001b), then escaped for the terminal.
        let errors = Spawned.lines(run.stderr).filter { $0.hasPrefix("Error:") }
        #expect(errors == [#"Error: the server's reply is malformed: the JSON header's "byteorder" is "\u001b]0;pwned\u0007\x9b31m\u202eevil\u2028", but it must be "little" or "big""#],
                "stderr: \(run.stderr.debugDescription)")
    }

    @Test("Got result: exact on a pipe, control characters escaped on a terminal")
    func resultOnPipeAndTerminal() throws {
        let content = Array(("{\"result\": \"red " + Self.hostileJSON + " \\u001b[2J\"}").utf8)
        let header = #"{"byteorder": "big", "content-type": "text/json", "content-encoding": "utf-8", "content-length": \#(content.count)}"#
        let (server, port) = try Self.hostileServer(Self.frame(header: header, content: content), count: 2)
        defer { server.kill() }

        let piped = try CLI.run(["client", "--quiet", "127.0.0.1", "\(port)", "search", "x"])
        #expect(piped.status == 0, "stderr: \(piped.stderr)")
        #expect(piped.stdout == "Got result: red " + Self.hostile + " \u{1B}[2J\n", "scripts compare the exact text")

        let terminal = try Self.onTerminal([CLI.path, "client", "--quiet", "127.0.0.1", "\(port)", "search", "x"])
        #expect(!Self.hasRawControl(terminal), "terminal got: \(terminal.debugDescription)")
        #expect(terminal.contains("Got result: red " + Self.hostileEscaped + #" \x1b[2J"#), "terminal got: \(terminal.debugDescription)")
    }

    @Test("the server's log escapes what a client sends: content-type, search value, bad encoding")
    func serverLog() throws {
        let (server, port) = try CLI.startServer()
        defer { server.kill() }
        let binaryHeader = #"{"byteorder": "big", "content-type": ""# + Self.hostileJSON + #"", "content-encoding": "binary", "content-length": 1}"#
        let search = Array((#"{"action": "search", "value": ""# + Self.hostileJSON + #""}"#).utf8)
        let searchHeader = #"{"byteorder": "big", "content-type": "text/json", "content-encoding": "utf-8", "content-length": \#(search.count)}"#
        let badHeader = #"{"byteorder": "big", "content-type": "text/json", "content-encoding": ""# + Self.hostileJSON + #"", "content-length": 2}"#
        for request in [Self.frame(header: binaryHeader, content: [0x78]), Self.frame(header: searchHeader, content: search),
                        Self.frame(header: badHeader, content: Array("{}".utf8))] {
            let run = try Python.run("raw_peer.py", ["send", "127.0.0.1", "\(port)", Self.hex(request)])
            #expect(run.status == 0)
        }
        #expect(Spawned.eventually { server.stderrLines.filter { $0.contains("closing connection") }.count >= 3 },
                "\(server.stderrLines)")
        #expect(server.terminate() == 0)
        let log = server.stderr
        #expect(!Self.hasRawControl(log), "log: \(log.debugDescription)")
        #expect(log.contains("received " + Self.hostileEscaped + " request"), "log: \(log.debugDescription)")
        #expect(log.contains("'value': '" + Self.hostileEscaped + "'"), "log: \(log.debugDescription)")
        #expect(log.contains(#"the content-encoding ""# + Self.hostileEscaped + #"" is not one"#), "log: \(log.debugDescription)")
    }
}
