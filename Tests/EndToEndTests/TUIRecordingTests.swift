import Foundation
import Glibc
import Testing

/// Recording from the TUI: `--record` from the start and `:record FILE` / `:record stop` while it
/// runs, with the status-bar badge, and a pcap in which the TUI's connection to its own embedded
/// server appears once.
@Suite("TUI recording", .serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"), .timeLimit(.minutes(2)))
struct TUIRecordingTests {
    func start(_ arguments: String) throws -> TmuxSession {
        try #require(SocketLabBinary.exists, "build socketlab first (swift build); looked at \(SocketLabBinary.path)")
        let session = try TmuxSession.start(command: TUIEndToEndTests.command + " " + arguments, width: 140, height: 40)
        try session.waitFor("app>")
        return session
    }

    @Test(":record FILE shows ● REC with the size, :record stop says where it went; one TCP stream per connection",
          .enabled(if: Tshark.available, Tshark.missing))
    func recordFromTheComposer() throws {
        let path = RecordingTests.temporaryPath("tui.pcap")
        defer { unlink(path) }
        let session = try start("")
        defer { session.kill() }
        try session.type(":record \(path)")
        try session.sendKeys("Enter")
        try session.waitFor("● REC ")
        try session.type("search morpheus")
        try session.sendKeys("Enter")
        try session.waitFor("Follow the white rabbit. 🐰")
        // The badge counts what is on disk: the handshake, the request and the reply, in bytes.
        let badge = try session.capture()
        #expect(badge.range(of: #"● REC socketlab-e2e-[0-9-]+tui\.pcap [0-9]+ B"#, options: .regularExpression) != nil, "\(badge)")
        try session.type(":record stop")
        try session.sendKeys("Enter")
        let stopped = try session.waitFor("recorded ")
        #expect(stopped.contains("to \(path)"))
        #expect(!(try session.capture()).contains("● REC"))
        let streams = try Tshark.run(["-r", path, "-q", "-z", "conv,tcp"])
        #expect(Spawned.lines(streams.stdout).filter { $0.contains("<->") }.count == 1, "\(streams.stdout)")
        let stream = try Tshark.follow(path, stream: 0)
        #expect(stream.forward == RecordingTests.searchRequest)
        #expect(String(decoding: stream.backward, as: UTF8.self).hasSuffix("{\"result\": \"Follow the white rabbit. 🐰\"}"))
    }

    @Test("--record FILE.jsonl records from the start, and q finishes the file")
    func recordFromTheCommandLine() throws {
        let path = RecordingTests.temporaryPath("tui.jsonl")
        defer { unlink(path) }
        let session = try start("--record " + TmuxSession.shellQuote(path))
        defer { session.kill() }
        try session.waitFor("● REC ")
        try session.type("binary 😃")
        try session.sendKeys("Enter")
        try session.waitFor("First 10 bytes of request")
        try session.sendKeys("Escape")
        try session.sendKeys("q")
        _ = try session.waitUntilDead(timeout: .seconds(10))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "{\"format\": \"socketlab-session\", \"version\": 1}")
        #expect(lines.contains { $0.contains("\"kind\": \"listening\"") })
        // Both ends are in a JSON Lines recording: the client's request out and the server's in.
        #expect(lines.filter { $0.contains("\"content_hex\": \"62696e617279f09f9883\"") }.count == 2)
    }
}
