import Foundation
import Glibc
import Testing

/// `socketlab tap --no-tui` between the tutorial-style Python peers: every program behaves
/// exactly as when connected directly, byte for byte.
@Suite("tap between the Python peers", .enabled(if: CLI.exists, CLI.missing), .enabled(if: Python.available, Python.missing),
       .timeLimit(.minutes(2)))
struct TapInteropTests {
    /// `socketlab tap --no-tui 127.0.0.1 TARGET` listening on a free port; returns it and its port.
    static func startTap(to port: Int, _ options: [String] = []) throws -> (Spawned, Int) {
        let tap = try Spawned.start([CLI.path, "tap", "--no-tui", "--listen", "127.0.0.1:0"] + options + ["127.0.0.1", "\(port)"])
        do {
            return (tap, try tap.listeningPort())
        } catch {
            tap.kill()
            throw error
        }
    }

    @Test("app_client.py through the tap to app_server.py prints what it prints directly", arguments: InteropTests.cases)
    func appThroughTap(_ c: InteropTests.Case) throws {
        let (server, serverPort) = try Python.startServer("app_server.py")
        defer { server.kill() }
        let (tap, tapPort) = try Self.startTap(to: serverPort)
        defer { tap.kill() }
        let direct = try Python.run("app_client.py", ["127.0.0.1", "\(serverPort)", c.action, c.value])
        let tapped = try Python.run("app_client.py", ["127.0.0.1", "\(tapPort)", c.action, c.value])
        #expect(tapped.status == 0, "stdout: \(tapped.stdout) stderr: \(tapped.stderr)")
        let got = { (out: String) in Spawned.lines(out).filter { $0.hasPrefix("Got ") } }
        #expect(got(tapped.stdout) == [c.line])
        #expect(got(tapped.stdout) == got(direct.stdout))
        // The request the client logged is the same bytes either way (only the port differs).
        #expect(InteropTests.sendingLine(Spawned.lines(tapped.stdout)) == InteropTests.sendingLine(Spawned.lines(direct.stdout)))
        #expect(tap.terminate() == 0)
        #expect(tap.stderrLines.contains { $0.hasPrefix("accepted connection from ('127.0.0.1', ") }, "\(tap.stderrLines)")
        #expect(!tap.stderrLines.contains { $0.hasPrefix("error:") }, "\(tap.stderrLines)")
    }

    @Test("raw request bytes through the tap get the reply bytes and ending the server gives directly",
          arguments: InteropTests.rawCases.prefix(8))
    func rawThroughTap(_ c: InteropTests.RawCase) throws {
        let (server, serverPort) = try Python.startServer("app_server.py")
        defer { server.kill() }
        let (tap, tapPort) = try Self.startTap(to: serverPort)
        defer { tap.kill() }
        let hex = c.bytes.map { String(format: "%02x", $0) }.joined()
        var options = ["--timeout", "5"]
        if let chunk = c.chunk { options += ["--chunk", "\(chunk)", "--delay", "0.002"] }
        let direct = try Python.run("raw_peer.py", ["send", "127.0.0.1", "\(serverPort)", hex] + options)
        let tapped = try Python.run("raw_peer.py", ["send", "127.0.0.1", "\(tapPort)", hex] + options)
        #expect(Spawned.lines(tapped.stdout) == Spawned.lines(direct.stdout))
        #expect(Spawned.lines(tapped.stdout).last == "EOF")
        // With a half-close after the request, too.
        let directHalf = try Python.run("raw_peer.py", ["send", "127.0.0.1", "\(serverPort)", hex, "--half-close"] + options)
        let tappedHalf = try Python.run("raw_peer.py", ["send", "127.0.0.1", "\(tapPort)", hex, "--half-close"] + options)
        #expect(Spawned.lines(tappedHalf.stdout) == Spawned.lines(directHalf.stdout))
        #expect(tap.terminate() == 0)
    }

    @Test("echo_client.py through the tap to echo_server.py")
    func echoThroughTap() throws {
        let (server, serverPort) = try Python.startServer("echo_server.py")
        defer { server.kill() }
        let (tap, tapPort) = try Self.startTap(to: serverPort, ["--mode", "echo"])
        defer { tap.kill() }
        let py = try Python.run("echo_client.py", ["127.0.0.1", "\(tapPort)"])
        #expect(py.status == 0, "stderr: \(py.stderr)")
        #expect(py.stdout == "Received b'Hello, world'\n")
        // echo_server.py serves its one client (the tap's hop) and exits once that hop closes.
        #expect(server.wait(timeout: .seconds(10)) == 0)
        #expect(tap.terminate() == 0)
    }

    @Test("multiconn_client.py 10 through the tap to multiconn_server.py")
    func multiconnThroughTap() throws {
        let (server, serverPort) = try Python.startServer("multiconn_server.py")
        defer { server.kill() }
        let (tap, tapPort) = try Self.startTap(to: serverPort, ["--mode", "multiconn"])
        defer { tap.kill() }
        let py = try Python.run("multiconn_client.py", ["127.0.0.1", "\(tapPort)", "10"])
        #expect(py.status == 0, "every connection got its 44 bytes back; stdout: \(py.stdout)")
        let closed = Set(Spawned.lines(py.stdout).filter { $0.hasPrefix("closing connection ") })
        #expect(closed == Set((1...10).map { "closing connection \($0)" }))
        let all = Spawned.eventually { server.stdoutLines.filter { $0.hasPrefix("closing connection to ") }.count == 10 }
        #expect(all, "\(server.stdoutLines)")
        #expect(tap.terminate() == 0)
        #expect(tap.stderrLines.filter { $0.hasPrefix("accepted connection from ") }.count == 10)
    }

    @Test("a refused target closes the client, and the tap says why")
    func refusedTarget() throws {
        // A port that was bound and released: nobody listens there.
        let probe = try Spawned.start([CLI.path, "server", "127.0.0.1", "0"])
        let closedPort = try probe.listeningPort()
        #expect(probe.terminate() == 0)
        let (tap, tapPort) = try Self.startTap(to: closedPort)
        defer { tap.kill() }
        let py = try Python.run("app_client.py", ["127.0.0.1", "\(tapPort)", "search", "morpheus"])
        #expect(py.status == 1, "no response was processed: \(py.stdout)")
        let said = Spawned.eventually { tap.stderrLines.contains { $0.contains("unreachable") && $0.contains("refused") } }
        #expect(said, "\(tap.stderrLines)")
        #expect(tap.terminate() == 0)
    }

    @Test("tap --no-tui --record x.jsonl records both hops: the request read from the client and written to the server")
    func recordsBothHops() throws {
        let (server, serverPort) = try Python.startServer("app_server.py")
        defer { server.kill() }
        let path = RecordingTests.temporaryPath("tap.jsonl")
        defer { unlink(path) }
        let (tap, tapPort) = try Self.startTap(to: serverPort, ["--record", path, "--quiet"])
        defer { tap.kill() }
        let py = try Python.run("app_client.py", ["127.0.0.1", "\(tapPort)", "search", "ring"])
        #expect(py.status == 0)
        #expect(tap.terminate() == 0)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let requests = lines.filter { $0.contains("\"kind\": \"bytes\"") && $0.contains("\"content\": {\"action\": \"search\", \"value\": \"ring\"}") }
        let replies = lines.filter { $0.contains("\"content\": {\"result\": \"In the caves beneath the Misty Mountains. 💍\"}") }
        #expect(requests.count == 2, "read on the client hop, written on the server hop")
        #expect(replies.count == 2, "read on the server hop, written on the client hop")
    }
}
