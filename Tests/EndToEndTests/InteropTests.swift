import Foundation
import Glibc
import Testing

/// Our binary against the Python reference peers in Tools/python, in both directions: the same
/// printed lines, the same request bytes, the same reply bytes.
@Suite("interop with the Python peers", .enabled(if: CLI.shouldRun, CLI.missing), .enabled(if: Python.available, Python.missing),
       .timeLimit(.minutes(2)))
struct InteropTests {
    /// One app request: ACTION VALUE, the bytes the tutorial's client sends, the exact reply
    /// bytes and the line a client prints.
    struct Case: Sendable, CustomTestStringConvertible {
        var action: String
        var value: String
        var request: [UInt8]
        var reply: [UInt8]
        var line: String
        var testDescription: String { "\(action) \(value)" }
    }

    static let byteorder = UInt16(1).littleEndian == 1 ? "little" : "big"

    static func frame(_ type: String, _ encoding: String, _ content: [UInt8]) -> [UInt8] {
        let header = Array("{\"byteorder\": \"\(byteorder)\", \"content-type\": \"\(type)\", \"content-encoding\": \"\(encoding)\", \"content-length\": \(content.count)}".utf8)
        return [UInt8(header.count >> 8), UInt8(header.count & 0xFF)] + header + content
    }

    static func search(_ value: String, _ result: String) -> Case {
        Case(action: "search", value: value,
             request: frame("text/json", "utf-8", Array("{\"action\": \"search\", \"value\": \"\(value)\"}".utf8)),
             reply: frame("text/json", "utf-8", Array("{\"result\": \"\(result)\"}".utf8)),
             line: "Got result: \(result)")
    }

    static let emoji: [UInt8] = Array("binary\u{1F603}".utf8)

    static let cases: [Case] = [
        search("morpheus", "Follow the white rabbit. \u{1F430}"),
        search("ring", "In the caves beneath the Misty Mountains. \u{1F48D}"),
        search("\u{1F436}", "\u{1F43E} Playing ball! \u{1F3D0}"),
        search("nothing", "No match for 'nothing'."),
        Case(action: "binary", value: "\u{1F603}",
             request: frame("binary/custom-client-binary-type", "binary", emoji),
             reply: frame("binary/custom-server-binary-type", "binary", Array("First 10 bytes of request: ".utf8) + emoji),
             line: "Got response: b'First 10 bytes of request: binary\\xf0\\x9f\\x98\\x83'"),
    ]

    /// `sending b'…' to ('127.0.0.1', PORT)` with the port taken out, so two runs compare.
    static func sendingLine(_ lines: [String]) -> String? {
        guard let line = lines.first(where: { $0.hasPrefix("sending b") }),
              let range = line.range(of: " to ('127.0.0.1', ", options: .backwards) else { return nil }
        return String(line[..<range.lowerBound])
    }

    @Test("app_client.py → socketlab server and socketlab client → app_server.py print the same lines", arguments: cases)
    func appBothWays(_ c: Case) throws {
        let (ours, ourPort) = try CLI.startServer()
        defer { ours.kill() }
        let (theirs, theirPort) = try Python.startServer("app_server.py")
        defer { theirs.kill() }

        // Python client → our server.
        let py = try Python.run("app_client.py", ["127.0.0.1", "\(ourPort)", c.action, c.value])
        #expect(py.status == 0, "stdout: \(py.stdout) stderr: \(py.stderr)")
        let pyLines = Spawned.lines(py.stdout)
        #expect(pyLines.filter { $0.hasPrefix("Got ") } == [c.line], "\(pyLines)")
        #expect(!pyLines.contains { $0.contains("error") }, "\(pyLines)")

        // Our client → Python server: stdout is exactly the one result line.
        let sl = try CLI.run(["client", "127.0.0.1", "\(theirPort)", c.action, c.value])
        #expect(sl.status == 0, "stderr: \(sl.stderr)")
        #expect(sl.stdout == c.line + "\n")

        // Both clients put the same request bytes on the wire (each logs them as Python's repr).
        let pySending = Self.sendingLine(pyLines)
        let slSending = Self.sendingLine(Spawned.lines(sl.stderr))
        #expect(pySending != nil)
        #expect(pySending == slSending)

        // Each server logged the request it understood; neither reported an error.
        let expectedServerLine = c.action == "search"
            ? "received request {'action': 'search', 'value': '\(c.value)'} from ('127.0.0.1', "
            : "received binary/custom-client-binary-type request from ('127.0.0.1', "
        #expect(ours.stderrLines.contains { $0.hasPrefix(expectedServerLine) }, "\(ours.stderrLines)")
        #expect(theirs.stdoutLines.contains { $0.hasPrefix(expectedServerLine) }, "\(theirs.stdoutLines)")
        #expect(ours.terminate() == 0)
        #expect(theirs.terminate() == 0)
        #expect(!ours.stderrLines.contains { $0.hasPrefix("error:") }, "\(ours.stderrLines)")
        #expect(!theirs.stdoutLines.contains { $0.contains("error") }, "\(theirs.stdoutLines)")
    }

    /// Requests sent as raw bytes with raw_peer.py; each server's reply (or close) must be the
    /// same bytes and the same ending.
    struct RawCase: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        /// The exact reply, when the protocol fixes it; nil for cases that only must agree.
        var reply: [UInt8]?
        var chunk: Int? = nil
        var testDescription: String { name }
    }

    static func raw(header: String, content: String = "") -> [UInt8] {
        let h = Array(header.utf8)
        return [UInt8(h.count >> 8), UInt8(h.count & 0xFF)] + h + Array(content.utf8)
    }

    static let rawCases: [RawCase] = {
        var list = cases.map { RawCase(name: $0.testDescription, bytes: $0.request, reply: $0.reply) }
        list.append(RawCase(name: "search ring, 1 byte at a time", bytes: cases[1].request, reply: cases[1].reply, chunk: 1))
        list.append(RawCase(name: "binary 😃, 7 bytes at a time", bytes: cases[4].request, reply: cases[4].reply, chunk: 7))
        list.append(RawCase(name: "invalid action find",
                            bytes: frame("text/json", "utf-8", Array("{\"action\": \"find\", \"value\": \"morpheus\"}".utf8)),
                            reply: frame("text/json", "utf-8", Array("{\"result\": \"Error: invalid action 'find'.\"}".utf8))))
        list.append(RawCase(name: "empty JSON object request",
                            bytes: frame("text/json", "utf-8", Array("{}".utf8)),
                            reply: frame("text/json", "utf-8", Array("{\"result\": \"Error: invalid action 'None'.\"}".utf8))))
        list.append(RawCase(name: "empty binary request",
                            bytes: frame("binary/custom-client-binary-type", "binary", []),
                            reply: frame("binary/custom-server-binary-type", "binary", Array("First 10 bytes of request: ".utf8))))
        list.append(RawCase(name: "long binary request (first 10 bytes only)",
                            bytes: frame("application/octet-stream", "binary", Array("0123456789abcdef".utf8)),
                            reply: frame("binary/custom-server-binary-type", "binary", Array("First 10 bytes of request: 0123456789".utf8))))
        let content = "{\"value\": \"\\u0072ing\", \"action\": \"search\"}"
        list.append(RawCase(name: "reordered keys, extra key, \\u escapes",
                            bytes: raw(header: "{\"content-length\": \(content.utf8.count), \"x\": 1, \"content-encoding\": \"utf-8\", \"content-type\": \"text/json\", \"byteorder\": \"big\"}",
                                       content: content),
                            reply: cases[1].reply))
        list.append(RawCase(name: "missing content-encoding",
                            bytes: raw(header: "{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-length\": 2}", content: "{}"),
                            reply: []))
        list.append(RawCase(name: "header not JSON", bytes: raw(header: "{oops}"), reply: []))
        list.append(RawCase(name: "JSON content not an object",
                            bytes: frame("text/json", "utf-8", Array("[1, 2]".utf8)), reply: []))
        return list
    }()

    @Test("raw request bytes get identical reply bytes from both servers", arguments: rawCases)
    func rawBytesBothServers(_ c: RawCase) throws {
        let (ours, ourPort) = try CLI.startServer()
        defer { ours.kill() }
        let (theirs, theirPort) = try Python.startServer("app_server.py")
        defer { theirs.kill() }
        let hex = c.bytes.map { String(format: "%02x", $0) }.joined()
        var options = ["--timeout", "5"]
        if let chunk = c.chunk { options += ["--chunk", "\(chunk)", "--delay", "0.002"] }

        let fromOurs = try Python.run("raw_peer.py", ["send", "127.0.0.1", "\(ourPort)", hex] + options)
        let fromTheirs = try Python.run("raw_peer.py", ["send", "127.0.0.1", "\(theirPort)", hex] + options)
        #expect(fromOurs.status == 0)
        #expect(fromTheirs.status == 0)
        let ourLines = Spawned.lines(fromOurs.stdout)
        let theirLines = Spawned.lines(fromTheirs.stdout)
        #expect(ourLines.count == 2)
        #expect(ourLines == theirLines, "ours: \(ourLines) python: \(theirLines)")
        #expect(ourLines.last == "EOF", "the server closes after its reply (or after a bad request)")
        if let reply = c.reply {
            #expect(ourLines.first == reply.map { String(format: "%02x", $0) }.joined())
        }
        #expect(ours.terminate() == 0)
        #expect(theirs.terminate() == 0)
    }

    @Test("echo: echo_client.py → socketlab echo server, and socketlab echo client → echo_server.py")
    func echoBothWays() throws {
        // Python client, our server: the server serves one client and exits 0 by itself.
        let (ours, ourPort) = try CLI.startServer(["--mode", "echo"])
        defer { ours.kill() }
        let py = try Python.run("echo_client.py", ["127.0.0.1", "\(ourPort)"])
        #expect(py.status == 0)
        #expect(py.stdout == "Received b'Hello, world'\n")
        #expect(ours.wait(timeout: .seconds(10)) == 0, "the echo server exits after its one client")
        #expect(ours.stderrLines.contains { $0.hasPrefix("Connected by ('127.0.0.1', ") }, "\(ours.stderrLines)")

        // Our client, Python server.
        let (theirs, theirPort) = try Python.startServer("echo_server.py")
        defer { theirs.kill() }
        let sl = try CLI.run(["client", "--mode", "echo", "127.0.0.1", "\(theirPort)"])
        #expect(sl.status == 0, "stderr: \(sl.stderr)")
        #expect(sl.stdout == "Received b'Hello, world'\n")
        #expect(theirs.wait(timeout: .seconds(10)) == 0)
        #expect(theirs.stdoutLines.contains { $0.hasPrefix("Connected by ('127.0.0.1', ") }, "\(theirs.stdoutLines)")
    }

    @Test("multiconn: multiconn_client.py 10 → socketlab multiconn server, and socketlab multiconn client 10 → multiconn_server.py")
    func multiconnBothWays() throws {
        let (ours, ourPort) = try CLI.startServer(["--mode", "multiconn"])
        defer { ours.kill() }
        let py = try Python.run("multiconn_client.py", ["127.0.0.1", "\(ourPort)", "10"])
        #expect(py.status == 0, "every connection got its 44 bytes back; stdout: \(py.stdout)")
        let closed = Set(Spawned.lines(py.stdout).filter { $0.hasPrefix("closing connection ") })
        #expect(closed == Set((1...10).map { "closing connection \($0)" }))
        #expect(!py.stdout.contains("error"), "\(py.stdout)")
        #expect(ours.terminate() == 0)
        #expect(!ours.stderrLines.contains { $0.hasPrefix("error:") }, "\(ours.stderrLines)")
        #expect(ours.stderrLines.filter { $0.hasPrefix("accepted connection from ") }.count == 10)

        let (theirs, theirPort) = try Python.startServer("multiconn_server.py")
        defer { theirs.kill() }
        let sl = try CLI.run(["client", "--mode", "multiconn", "127.0.0.1", "\(theirPort)", "10"])
        #expect(sl.status == 0, "stderr: \(sl.stderr)")
        #expect(sl.stdout == "10 of 10 connections got all 44 bytes back\n")
        // The server sees the closes after our client has exited: wait for all ten (bounded).
        let closedAll = Spawned.eventually { theirs.stdoutLines.filter { $0.hasPrefix("closing connection to ") }.count == 10 }
        #expect(closedAll, "\(theirs.stdoutLines)")
        #expect(theirs.stdoutLines.filter { $0.hasPrefix("accepted connection from ") }.count == 10)
        #expect(theirs.terminate() == 0)
    }
}
