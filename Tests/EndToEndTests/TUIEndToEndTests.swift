import Foundation
import Testing

/// The TUI in a real terminal: the built `socketlab` inside tmux, driven by keys and read back
/// from the screen. Each step waits for the last thing it expects drawn, with a deadline.
@Suite("TUI end to end", .serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
       .timeLimit(.minutes(2)))
struct TUIEndToEndTests {
    static var command: String { TmuxSession.shellQuote(SocketLabBinary.path) }

    func start(_ arguments: String = "", width: Int = 120, height: Int = 40, env: [String: String] = [:]) throws -> TmuxSession {
        try #require(SocketLabBinary.exists, "build socketlab first (swift build); looked at \(SocketLabBinary.path)")
        let session = try TmuxSession.start(command: Self.command + " " + arguments, width: width, height: height, env: env)
        try session.waitFor("app>")
        return session
    }

    @Test("search morpheus shows the request bytes and the decoded result")
    func searchMorpheus() throws {
        let session = try start()
        defer { session.kill() }
        let title = try session.waitFor("embedded app server 127.0.0.1:")
        #expect(title.contains("SocketLab"))
        try session.type("search morpheus")
        try session.sendKeys("Enter")
        let screen = try session.waitFor("Follow the white rabbit. 🐰")
        #expect(screen.contains("00 67 7b 22 62 79 74 65"))
        #expect(screen.contains("← received 148 bytes"))
        #expect(screen.contains("Got result: Follow the white rabbit. 🐰"))
        let colored = try session.capture(colors: true)
        #expect(colored.contains("\u{1B}["), "the dump is coloured")
    }

    @Test("resize redraws, too small says so, and q quits leaving a sane terminal")
    func resizeAndQuit() throws {
        let session = try start()
        defer { session.kill() }
        try session.resize(width: 80, height: 24)
        var screen = try session.waitFor("Connections")
        #expect(screen.split(separator: "\n", omittingEmptySubsequences: false).count <= 25)
        try session.resize(width: 60, height: 20)
        screen = try session.waitFor("Terminal too small: 60×20")
        try session.resize(width: 100, height: 30)
        screen = try session.waitFor("Decoded")
        #expect(!screen.contains("too small"))
        try session.sendKeys("Escape")
        try session.sendKeys("q")
        let status = try session.waitUntilDead(timeout: .seconds(10))
        #expect(status == 0)
        // endwin left the alternate screen: the TUI's panes are gone from the terminal.
        #expect(!(try session.capture()).contains("Connections"))
    }

    @Test("TERM=dumb gets one line of error and exit status 1, not a garbled screen")
    func dumbTerminal() throws {
        try #require(SocketLabBinary.exists, "build socketlab first (swift build); looked at \(SocketLabBinary.path)")
        // TERM in the command line: tmux sets its own TERM for the pane.
        let session = try TmuxSession.start(command: "env TERM=dumb " + Self.command, width: 120, height: 10)
        defer { session.kill() }
        #expect(try session.waitUntilDead(timeout: .seconds(10)) == 1)
        let lines = try session.capture().split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(lines == ["Error: cannot open the terminal: TERM=dumb cannot move the cursor; the TUI needs a terminal such as xterm-256color"])
    }

    @Test("--theme projector draws vivid 256-colour parts and no dim text; the default theme dims")
    func projectorTheme() throws {
        let dim = /\x{1B}\[(?:0;)?2m/
        for (arguments, expectDim) in [("--theme projector", false), ("", true)] {
            // NO_COLOR may be set where the tests run (SwiftPM sets it); empty means colours.
            let session = try start(arguments, env: ["NO_COLOR": ""])
            defer { session.kill() }
            try session.type("search morpheus")
            try session.sendKeys("Enter")
            try session.waitFor("Got result: Follow the white rabbit. 🐰")
            let screen = try session.capture(colors: true)
            #expect(screen.contains(dim) == expectDim, "\(arguments)")
            if !expectDim { #expect(screen.contains("\u{1B}[38;5;201m"), "the proto-header in vivid magenta (256 colours)") }
        }
    }

    @Test("Ctrl-C quits from the composer")
    func controlCQuits() throws {
        let session = try start(width: 80, height: 24)
        defer { session.kill() }
        try session.type("search ri")
        try session.sendKeys("C-c")
        #expect(try session.waitUntilDead(timeout: .seconds(10)) == 0)
    }

    @Test("F1 opens help from the composer; q with an open connection asks, then y quits")
    func helpAndQuitConfirmation() throws {
        let session = try start(width: 80, height: 24)
        defer { session.kill() }
        try session.sendKeys("F1")
        try session.waitFor("SocketLab help")
        try session.sendKeys("Escape")
        // A request sent in 1-byte chunks a second apart stays open long enough to ask about.
        try session.type(":chunk 1 1000")
        try session.sendKeys("Enter")
        try session.waitFor("chunk 1B/1000ms")
        try session.type("search morpheus")
        try session.sendKeys("Enter")
        try session.waitFor("2 cli")  // row 1 is the listening socket
        try session.sendKeys("Escape")
        try session.sendKeys("q")
        try session.waitFor("are open: quit? q or y quits")
        try session.sendKeys("n")
        try session.waitFor("quit cancelled")
        #expect(try session.waitUntilDead(timeout: .milliseconds(300)) == nil, "still running")
        try session.sendKeys("q")
        try session.waitFor("are open: quit?")
        try session.sendKeys("y")
        #expect(try session.waitUntilDead(timeout: .seconds(10)) == 0)
    }

    @Test("--mode echo: texts say echo, :chunk sends in pieces, :bad says it needs the app protocol")
    func echoMode() throws {
        // Tall enough for the whole event log of the chunked exchange (about 21 lines).
        let session = try TmuxSession.start(command: Self.command + " --mode echo", width: 120, height: 140)
        defer { session.kill() }
        let screen = try session.waitFor("echo server listening on 127.0.0.1:")
        #expect(!screen.contains("multiconn"))
        #expect(!screen.contains("search morpheus"))
        #expect(screen.contains("type `Hello, world` below"))
        try session.type(":chunk 2 20")
        try session.sendKeys("Enter")
        try session.type("Hello")
        try session.sendKeys("Enter")
        let echoed = try session.waitFor("Received b'Hello'")
        #expect(echoed.contains("sending bytes 1–2 of 5"))
        #expect(echoed.contains("sending byte 5 of 5"))
        try session.type(":bad json")
        try session.sendKeys("Enter")
        try session.waitFor(":bad sends malformed app-protocol frames")
    }

    @Test("a 1-byte chunked send shows the decoder waiting inside the JSON header")
    func chunkedSend() throws {
        let session = try start()
        defer { session.kill() }
        try session.type(":chunk 1 40")
        try session.sendKeys("Enter")
        try session.waitFor("chunk 1B/40ms")
        try session.type("search morpheus")
        try session.sendKeys("Enter")
        let screen = try session.waitFor("decoding JSON header")
        #expect(screen.range(of: #"JSON header \d+ / 103 bytes"#, options: .regularExpression) != nil)
        try session.waitFor("Follow the white rabbit. 🐰", timeout: .seconds(20))
    }

    @Test("a malformed frame is rejected with its reason")
    func malformedFrame() throws {
        let session = try start()
        defer { session.kill() }
        try session.type(":bad key")
        try session.sendKeys("Enter")
        try session.waitFor("lacks the required key \"content-length\"")
        // The client's own decoder flags the frame first; the server's verdict arrives when it
        // closes the connection, so wait for that before asserting the error states.
        let screen = try session.waitFor("the server closed the connection before replying")
        #expect(screen.contains("error: the JSON header lacks"))
    }

    @Test("--timeout closes a request the server never answers, with the reason")
    func replyTimeout() throws {
        // A server that listens and never answers (the kernel completes the connect).
        let silent = "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); " +
            "print('listening on', s.getsockname()[1], flush=True); time.sleep(60)"
        let server = try TmuxSession.start(command: "python3 -c \(TmuxSession.shellQuote(silent))", width: 100, height: 5)
        defer { server.kill() }
        let banner = try server.waitFor("listening on")
        let port = String(try #require(banner.firstMatch(of: /listening on (\d+)/)).1)
        let session = try start("tui 127.0.0.1 \(port) --timeout 0.5")
        defer { session.kill() }
        try session.type("search morpheus")
        try session.sendKeys("Enter")
        let screen = try session.waitFor("closed: no reply from 127.0.0.1:\(port) within 0.5 s (--timeout)")
        #expect(screen.contains("error: no reply from"))
    }

    @Test("attaches to the tutorial-style Python server")
    func attachToPythonServer() throws {
        // The Python server runs in a tmux pane of its own: no Foundation.Process pipes to leak.
        let script = SocketLabBinary.packageRoot.appendingPathComponent("Tools/python/app_server.py").path
        let server = try TmuxSession.start(command: "python3 \(TmuxSession.shellQuote(script)) 127.0.0.1 0", width: 100, height: 10)
        defer { server.kill() }
        // The capture can catch the line half printed: wait for all of it.
        let line = /listening on \('127\.0\.0\.1', (\d+)\)/
        var banner = try server.waitFor("listening on")
        let deadline = ContinuousClock.now + .seconds(10)
        while banner.firstMatch(of: line) == nil, ContinuousClock.now < deadline {
            usleep(50_000)
            banner = try server.waitFor("listening on")
        }
        let match = try #require(banner.firstMatch(of: line))
        let port = String(match.1)
        let session = try start("tui 127.0.0.1 \(port)")
        defer { session.kill() }
        try session.type("search 🐶")
        try session.sendKeys("Enter")
        let screen = try session.waitFor("🐾 Playing ball! 🏐")
        #expect(screen.contains("server 127.0.0.1:\(port)"))
    }
}
