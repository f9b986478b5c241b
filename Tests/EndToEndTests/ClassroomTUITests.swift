import Foundation
import Glibc
import Testing

/// The workshop features in a real terminal: the tap's two hops, room mode, the selector view,
/// single-step and the tour, driven in tmux and read back from the screen.
@Suite("classroom TUI end to end", .serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
       .enabled(if: Python.available, Python.missing), .timeLimit(.minutes(2)))
struct ClassroomTUITests {
    static var command: String { TmuxSession.shellQuote(SocketLabBinary.path) }

    func start(_ arguments: String, width: Int = 120, height: Int = 40, waitFor: String = "app>") throws -> TmuxSession {
        try #require(SocketLabBinary.exists, "build socketlab first (swift build); looked at \(SocketLabBinary.path)")
        let session = try TmuxSession.start(command: Self.command + " " + arguments, width: width, height: height)
        try session.waitFor(waitFor)
        return session
    }

    @Test("the tap shows both hops of app_client.py → app_server.py, decoded")
    func tapShowsBothHops() throws {
        let (server, serverPort) = try Python.startServer("app_server.py")
        defer { server.kill() }
        let session = try start("tap 127.0.0.1 \(serverPort)")
        defer { session.kill() }
        let title = try session.waitFor("tap → 127.0.0.1:\(serverPort) on 127.0.0.1:")
        let match = try #require(title.firstMatch(of: /on 127\.0\.0\.1:(\d+)/))
        let client = try Python.run("app_client.py", ["127.0.0.1", String(match.1), "search", "morpheus"])
        #expect(client.stdout.contains("Got result: Follow the white rabbit. 🐰"))
        let screen = try session.waitFor("closed: other hop")
        // Two rows: the accepted hop (client → tap) and the outgoing hop (tap → server).
        #expect(screen.contains(" srv 127.0.0.1:"))
        #expect(screen.contains(" cli 127.0.0.1:\(serverPort)"))
        #expect(screen.contains("server shut down writing; passing it on"))
        #expect(screen.contains("Follow the white rabbit. 🐰"), "the selected hop's reply is decoded")
    }

    @Test("room mode: tui --listen names the address to join, and an outside client appears as a server row")
    func roomMode() throws {
        let session = try start("tui --listen 127.0.0.1:0")
        defer { session.kill() }
        let title = try session.waitFor("│ embedded app server 127.0.0.1:")
        let match = try #require(title.firstMatch(of: /join 127\.0\.0\.1:(\d+) │ embedded app server 127\.0\.0\.1:(\d+)/))
        #expect(match.1 == match.2)
        let client = try Python.run("app_client.py", ["127.0.0.1", String(match.1), "search", "ring"])
        #expect(client.stdout.contains("Got result: In the caves beneath the Misty Mountains. 💍"))
        let screen = try session.waitFor(" srv 127.0.0.1:")
        #expect(screen.contains("2 listed"), "the listening socket and the attendee")
    }

    /// The newest line of the selector view when it is a wake-up (`select #N → K ready: …`): its N.
    static func lastWakeUp(_ screen: String) -> Int? {
        let lines = screen.split(separator: "\n").map(String.init)
        guard let composer = lines.lastIndex(where: { $0.hasPrefix(" app>") }), composer > 0,
              !lines[composer - 1].hasSuffix("ready: wake READ"),  // the UI's own task: never held
              let match = lines[composer - 1].firstMatch(of: /select #(\d+) → \d+ ready:/) else { return nil }
        return Int(match.1)
    }

    @Test(":step on, then :burst 3: each n lets exactly one select() wake-up through")
    func singleStep() throws {
        let session = try start("", width: 120, height: 50)
        defer { session.kill() }
        try session.type(":step on")
        try session.sendKeys("Enter")
        try session.waitFor("STEP: n = next wake-up")
        try session.sendKeys("i")
        try session.type(":burst 3 search ring")
        try session.sendKeys("Enter")
        try session.sendKeys("Escape")
        var last = 0
        #expect(Spawned.eventually { (Self.lastWakeUp((try? session.capture()) ?? "")).map { last = $0; return true } ?? false },
                "the loop stops at its first wake-up with a ready socket")
        // The first wake-up completes the three connects and has the listener ready; the next
        // holds the three accepted requests: two steps are always there to take.
        for _ in 0..<2 {
            usleep(300_000)
            #expect(Self.lastWakeUp(try session.capture()) == last, "no wake-up is handled without n")
            try session.sendKeys("n")
            var next = last
            let advanced = Spawned.eventually { next = Self.lastWakeUp((try? session.capture()) ?? "") ?? last; return next > last }
            #expect(advanced, "n handles the waiting wake-up and the loop stops at the next one")
            last = next
        }
        try session.sendKeys("i")
        try session.type(":step off")
        try session.sendKeys("Enter")
        try session.waitFor("\"result\": \"In the caves beneath the Mi", timeout: .seconds(10))
    }

    /// The built-in tour's steps (title, actions), read from the data file the binary ships.
    static func tourSteps() throws -> [(title: String, actions: [String])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Sources/socketlab/Resources/tour.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        return try steps.map { (try #require($0["title"] as? String), $0["actions"] as? [String] ?? []) }
    }

    @Test("socketlab tour at 80×24: n walks through every step, each live; the app step's reply is decoded")
    func tourWalksThrough() throws {
        let steps = try Self.tourSteps()
        let session = try start("tour", width: 80, height: 24, waitFor: "Tour 1/\(steps.count)")
        defer { session.kill() }
        for (index, step) in steps.enumerated() {
            if index > 0 { try session.sendKeys("n") }
            let screen = try session.waitFor("Tour \(index + 1)/\(steps.count)")
            #expect(screen.contains(step.title), "step \(index + 1) shows its title")
            if step.actions.contains("Hello, world") {
                try session.waitFor("Received b'Hello, world'")
            }
            if step.actions.contains(":step on") {
                try session.waitFor("STEP: space = next wake-up")
            }
            if step.actions.contains("search morpheus") {
                let reply = try session.waitFor("Got result: Follow the white rabbit.")
                #expect(reply.contains("received message 1"), "the reply is decoded in the Decoded pane")
                #expect(reply.contains("proto-header 0x"))
            }
            if step.actions.contains(":bad json") {
                try session.waitFor("the JSON header is not valid JSON")
            }
        }
        try session.sendKeys("q")
        #expect(try session.waitUntilDead() == 0, "q leaves the tour")
    }
}
