import Foundation
import Glibc
import Testing

/// `--record` on the real binary: the files it writes open in tshark without a warning, and
/// tshark gives back exactly the bytes that were sent; a limit stops the recording, not the server.
@Suite("recording", .enabled(if: CLI.shouldRun, CLI.missing), .timeLimit(.minutes(3)))
struct RecordingTests {
    static func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "socketlab-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
    }

    static let searchRequest = Array("\u{0}g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 41}{\"action\": \"search\", \"value\": \"morpheus\"}".utf8)

    /// A server recording to `path` answers a search, a binary request sent in 1-byte chunks and
    /// a malformed frame, then stops on SIGTERM.
    static func recordServer(_ path: String) throws {
        let (server, port) = try CLI.startServer(["--record", path, "--quiet"])
        defer { server.kill() }
        let search = try CLI.run(["client", "127.0.0.1", "\(port)", "search", "morpheus", "--quiet"])
        #expect(search.stdout == "Got result: Follow the white rabbit. 🐰\n")
        let chunked = try CLI.run(["client", "127.0.0.1", "\(port)", "binary", "😃", "--chunk", "1", "--quiet"])
        #expect(chunked.status == 0)
        // A malformed frame: a 2-byte JSON header that is not an object.
        let bad = try Spawned.run([Python.executable ?? "python3", "-c", """
            import socket; s = socket.create_connection(("127.0.0.1", \(port))); s.sendall(b"\\x00\\x02[]"); s.recv(100); s.close()
            """], timeout: .seconds(20))
        #expect(bad.status == 0)
        #expect(server.terminate() == 0)
        #expect(server.stderrLines.last?.hasPrefix("recorded ") == true)
    }

    @Test("server --record x.pcap: tshark reads it without warnings and reassembles exactly the bytes sent",
          .enabled(if: Tshark.available, Tshark.missing))
    func pcapOpensCleanlyInTshark() throws {
        let path = Self.temporaryPath("server.pcap")
        defer { unlink(path) }
        try Self.recordServer(path)
        let listing = try Tshark.run(["-r", path])
        #expect(listing.status == 0)
        #expect(listing.stderr.isEmpty, "tshark complained: \(listing.stderr)")
        let expert = try Tshark.run(["-r", path, "-q", "-z", "expert,warn"])
        #expect(!expert.stdout.contains("Warns") && !expert.stdout.contains("Errors"), "expert info: \(expert.stdout)")
        let first = try Tshark.follow(path, stream: 0)
        #expect(first.forward == Self.searchRequest)
        #expect(String(decoding: first.backward.dropFirst(2), as: UTF8.self).hasSuffix("{\"result\": \"Follow the white rabbit. 🐰\"}"))
        let chunked = try Tshark.follow(path, stream: 1)
        #expect(String(decoding: chunked.forward, as: UTF8.self).hasSuffix("\"content-length\": 10}binary😃"))
        let bad = try Tshark.follow(path, stream: 2)
        #expect(bad.forward == [0, 2, UInt8(ascii: "["), UInt8(ascii: "]")])
    }

    @Test("client --record x.jsonl: a format line, then events with the decoded request and reply")
    func clientJSONLines() throws {
        let (server, port) = try CLI.startServer(["--quiet"])
        defer { server.kill() }
        let path = Self.temporaryPath("client.jsonl")
        defer { unlink(path) }
        let run = try CLI.run(["client", "127.0.0.1", "\(port)", "search", "ring", "--record", path])
        #expect(run.status == 0)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "{\"format\": \"socketlab-session\", \"version\": 1}")
        #expect(lines.contains { $0.contains("\"kind\": \"bytes\"") && $0.contains("\"content\": {\"action\": \"search\", \"value\": \"ring\"}") })
        #expect(lines.contains { $0.contains("\"content\": {\"result\": \"In the caves beneath the Misty Mountains. 💍\"}") })
    }

    @Test("--record-limit stops the recording with a message; the server keeps serving")
    func limitStopsRecordingNotTheServer() throws {
        let path = Self.temporaryPath("limited.jsonl")
        defer { unlink(path) }
        let (server, port) = try CLI.startServer(["--record", path, "--record-limit", "3000", "--quiet"])
        defer { server.kill() }
        for _ in 0..<4 {
            let run = try CLI.run(["client", "127.0.0.1", "\(port)", "search", "morpheus", "--quiet"])
            #expect(run.stdout == "Got result: Follow the white rabbit. 🐰\n")
        }
        #expect(Spawned.eventually { server.stderr.contains("recording stopped: ") })
        #expect(server.stderrLines.contains { $0.hasSuffix("reached the limit of 2.9 KiB (--record-limit)") })
        #expect(server.terminate() == 0)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        #expect(size > 0 && size <= 3000)
    }

    @Test("an extension other than .jsonl or .pcap is a usage error")
    func badExtension() throws {
        let run = try CLI.run(["server", "--record", "x.txt", "127.0.0.1", "0"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("cannot tell the recording format from x.txt: the name must end in .jsonl or .pcap"))
    }

    @Test("a file name with ESC and BEL is echoed escaped: in usage errors and in \"recorded … to NAME\"")
    func fileNamesAreEchoedEscaped() throws {
        let bad = try CLI.run(["server", "--record", "x\u{1B}]0;owned\u{7}.txt", "127.0.0.1", "0"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("from x\\x1b]0;owned\\x07.txt"), "\(bad.stderr)")
        #expect(!bad.stderr.contains("\u{1B}") && !bad.stderr.contains("\u{7}"))
        let path = Self.temporaryPath("\u{1B}]0;owned\u{7}.jsonl")
        defer { unlink(path) }
        let (server, _) = try CLI.startServer(["--record", path, "--quiet"])
        defer { server.kill() }
        #expect(server.terminate() == 0)
        let last = server.stderrLines.last ?? ""
        #expect(last.hasPrefix("recorded ") && last.hasSuffix("\\x1b]0;owned\\x07.jsonl"), "\(last)")
        #expect(!last.contains("\u{1B}") && !last.contains("\u{7}"))
    }
}
