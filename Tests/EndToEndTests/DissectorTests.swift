import Foundation
import Glibc
import Testing

/// Tools/wireshark/socketlab.lua, run by tshark on captures our binary records: header fields,
/// content, reassembly of a 1-byte-chunked request, and the decoder's own sentence for a
/// malformed frame as an expert-info error.
@Suite("Wireshark dissector", .enabled(if: CLI.shouldRun && Tshark.available, "needs the socketlab binary and tshark"),
       .timeLimit(.minutes(3)))
struct DissectorTests {
    static let script = SocketLabBinary.packageRoot.appendingPathComponent("Tools/wireshark/socketlab.lua").path

    /// One line per SocketLab message: the frame it ends in, then the fields asked for, tab-separated.
    static func fields(_ path: String, port: Int, _ names: [String]) throws -> [[String]] {
        let run = try Tshark.run(["-X", "lua_script:\(script)", "-d", "tcp.port==\(port),socketlab", "-r", path,
                                  "-Y", "socketlab", "-T", "fields", "-E", "occurrence=a"] + names.flatMap { ["-e", $0] })
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "tshark or the Lua script complained: \(run.stderr)")
        return Spawned.lines(run.stdout).filter { !$0.isEmpty }.map { $0.components(separatedBy: "\t") }
    }

    @Test("a search request and its reply: every header field, the JSON content through Wireshark's JSON dissector")
    func searchRequest() throws {
        let (server, port) = try CLI.startServer(["--quiet"])
        defer { server.kill() }
        let path = RecordingTests.temporaryPath("search.pcap")
        defer { unlink(path) }
        let run = try CLI.run(["client", "127.0.0.1", "\(port)", "search", "morpheus", "--quiet", "--record", path])
        #expect(run.status == 0)
        let rows = try Self.fields(path, port: port, ["socketlab.header_length", "socketlab.byteorder", "socketlab.content_type",
                                                     "socketlab.content_encoding", "socketlab.content_length", "json.value.string"])
        #expect(rows == [
            ["103", Self.hostOrder, "text/json", "utf-8", "41", "search,morpheus"],
            ["103", Self.hostOrder, "text/json", "utf-8", "43", "Follow the white rabbit. 🐰"],
        ])
        // Filterable: a display filter on a header field selects the request alone.
        let filtered = try Tshark.run(["-X", "lua_script:\(Self.script)", "-d", "tcp.port==\(port),socketlab", "-r", path,
                                       "-Y", "socketlab.content_length == 41", "-T", "fields", "-e", "frame.number"])
        #expect(Spawned.lines(filtered.stdout).filter { !$0.isEmpty }.count == 1)
    }

    @Test("on any port the protocol is recognised by its first bytes, without Decode As")
    func heuristicOnAnEphemeralPort() throws {
        let (server, port) = try CLI.startServer(["--quiet"])
        defer { server.kill() }
        let path = RecordingTests.temporaryPath("heuristic.pcap")
        defer { unlink(path) }
        #expect(try CLI.run(["client", "127.0.0.1", "\(port)", "search", "🐶", "--quiet", "--record", path]).status == 0)
        let run = try Tshark.run(["-X", "lua_script:\(Self.script)", "-r", path, "-Y", "socketlab", "-T", "fields",
                                  "-e", "socketlab.content_type", "-e", "socketlab.content_length"])
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(Spawned.lines(run.stdout).filter { !$0.isEmpty } == ["text/json\t37", "text/json\t37"])
    }

    @Test("a request sent in 1-byte chunks is reassembled into one message")
    func chunkedRequest() throws {
        let (server, port) = try CLI.startServer(["--quiet"])
        defer { server.kill() }
        let path = RecordingTests.temporaryPath("chunked.pcap")
        defer { unlink(path) }
        let run = try CLI.run(["client", "127.0.0.1", "\(port)", "binary", "😃", "--chunk", "1", "--quiet", "--record", path])
        #expect(run.status == 0)
        let segments = try Tshark.run(["-r", path, "-Y", "tcp.len == 1", "-T", "fields", "-e", "frame.number"])
        #expect(Spawned.lines(segments.stdout).filter { !$0.isEmpty }.count == 139)
        let rows = try Self.fields(path, port: port, ["socketlab.content_type", "socketlab.content_length", "socketlab.content"])
        #expect(rows == [
            ["binary/custom-client-binary-type", "10", "62696e617279f09f9883"],
            ["binary/custom-server-binary-type", "37", Array("First 10 bytes of request: binary😃".utf8).map { String(format: "%02x", $0) }.joined()],
        ])
    }

    @Test("a malformed frame gets an expert-info error with the decoder's sentence")
    func malformedFrame() throws {
        let path = RecordingTests.temporaryPath("malformed.pcap")
        defer { unlink(path) }
        let (server, port) = try CLI.startServer(["--record", path])
        defer { server.kill() }
        let bad = try Spawned.run([Python.executable ?? "python3", "-c", """
            import socket; s = socket.create_connection(("127.0.0.1", \(port))); s.sendall(b"\\x00\\x0d{\\"byteorder\\"}"); s.recv(100); s.close()
            """], timeout: .seconds(20))
        #expect(bad.status == 0)
        #expect(server.terminate() == 0)
        let sentence = "the JSON header is not valid JSON: expected ':' after an object key at byte 12"
        #expect(server.stderrLines.contains { $0.hasSuffix(sentence) }, "server said: \(server.stderr)")
        let rows = try Self.fields(path, port: port, ["socketlab.header_length", "_ws.expert.message", "_ws.expert.severity"])
        #expect(rows == [["13", sentence, "8388608"]])
    }

    static let hostOrder = UInt16(1).littleEndian == 1 ? "little" : "big"
}
