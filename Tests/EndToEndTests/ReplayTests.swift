import Foundation
import Glibc
import Testing

/// `socketlab replay`: `--against` resends recorded requests to a live server and compares the
/// replies; in the TUI a capture of the Python peers on an ephemeral port steps event by event.
@Suite("replay", .serialized, .enabled(if: CLI.exists, CLI.missing), .timeLimit(.minutes(3)))
struct ReplayTests {
    static let capture = SocketLabBinary.packageRoot
        .appendingPathComponent("Tests/CaptureTests/Captures/python-lo-dumpcap.pcapng").path

    @Test("--against: every recorded reply is identical from our server, whatever recorded it")
    func againstOurServer() throws {
        let (server, port) = try CLI.startServer(["--quiet"])
        defer { server.kill() }
        let recording = RecordingTests.temporaryPath("against.jsonl")
        defer { unlink(recording) }
        #expect(try CLI.run(["client", "127.0.0.1", "\(port)", "search", "ring", "--quiet", "--record", recording]).status == 0)
        let ours = try CLI.run(["replay", "--against", "127.0.0.1", "\(port)", recording])
        #expect(ours.status == 0, "\(ours.stderr)")
        #expect(Spawned.lines(ours.stdout).filter { !$0.isEmpty } == [
            "request 1 of 1 (connection 1, search ring): identical reply (165 bytes)",
            "all 1 replies identical",
        ])
        // The Python peers' capture (dumpcap, another port): our server answers their requests identically.
        let python = try CLI.run(["replay", "--against", "127.0.0.1", "\(port)", Self.capture])
        #expect(python.status == 0, "\(python.stdout) \(python.stderr)")
        #expect(python.stdout.hasSuffix("all 2 replies identical\n"))
    }

    @Test("--against: a reply that differs is named, with where, and the exit status is 1")
    func aDifferentReplyFails() throws {
        let (server, port) = try CLI.startServer(["--quiet"])
        defer { server.kill() }
        let recording = RecordingTests.temporaryPath("tampered.jsonl")
        defer { unlink(recording) }
        #expect(try CLI.run(["client", "127.0.0.1", "\(port)", "search", "morpheus", "--quiet", "--record", recording]).status == 0)
        // Change one byte of the recorded reply: "Follow" becomes "Fellow" (6f -> 65 at its second letter).
        var text = try String(contentsOfFile: recording, encoding: .utf8)
        let follow = "466f6c6c6f77"
        #expect(text.contains(follow))
        text = text.replacingOccurrences(of: follow, with: "46656c6c6f77")
        try text.write(toFile: recording, atomically: true, encoding: .utf8)
        let run = try CLI.run(["replay", "--against", "127.0.0.1", "\(port)", recording])
        #expect(run.status == 1)
        #expect(run.stdout.contains("request 1 of 1 (connection 1, search morpheus): reply differs: 148 bytes, recorded 148; first difference at byte 118 (got 0x6f, recorded 0x65)"))
        #expect(run.stderr.contains("1 of 1 replies differ"))
    }

    @Test("a file that is not a recording is one clear error")
    func notARecording() throws {
        let run = try CLI.run(["replay", "/etc/hostname"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot replay /etc/hostname: not a capture file we read (JSON Lines, pcap or pcapng)"))
    }

    @Test("the TUI steps a dumpcap capture of the Python peers on an ephemeral port: n, N, End, Home",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func stepThroughAForeignCapture() throws {
        let session = try TmuxSession.start(command: TUIEndToEndTests.command + " replay " + TmuxSession.shellQuote(Self.capture),
                                            width: 140, height: 40)
        defer { session.kill() }
        // Two connections, each: opened, connected, the request, the reply, closed.
        try session.waitFor("event 0/10 · 0.00 s · ❚❚ 1×")
        try session.sendKeys("n")
        var screen = try session.waitFor("event 1/10")
        #expect(screen.contains("127.0.0.1:43041"))
        try session.sendKeys("N")
        screen = try session.waitFor("event 3/10")
        #expect(screen.contains("\"value\": \"morpheus\""))
        #expect(!screen.contains("Follow the white rabbit"))
        try session.sendKeys("N")
        screen = try session.waitFor("event 4/10")
        #expect(screen.contains("Follow the white rabbit. 🐰"))
        try session.sendKeys("End")
        screen = try session.waitFor("event 10/10")
        #expect(screen.contains("· end"))
        try session.sendKeys("Home")
        try session.waitFor("event 0/10")
        try session.sendKeys("+")
        try session.sendKeys("Space")
        try session.waitFor("event 10/10", timeout: .seconds(10))
        try session.sendKeys("q")
        #expect(try session.waitUntilDead(timeout: .seconds(10)) == 0)
    }

    @Test("a paste in the replay TUI is composer text: a pasted q, n or Ctrl-C neither leaves nor steps",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func aPasteDoesNotDriveThePlayer() throws {
        let session = try TmuxSession.start(command: TUIEndToEndTests.command + " replay " + TmuxSession.shellQuote(Self.capture),
                                            width: 140, height: 40)
        defer { session.kill() }
        try session.waitFor("event 0/10 · 0.00 s · ❚❚ 1×")
        try session.paste("qn\u{3}")
        let screen = try session.waitFor("pasted 3 characters")
        #expect(screen.contains("event 0/10"), "the pasted n did not step:\n\(screen)")
        #expect(try session.waitUntilDead(timeout: .milliseconds(300)) == nil, "the pasted q or Ctrl-C did not leave")
        try session.sendKeys("n")
        try session.waitFor("event 1/10")
    }
}
