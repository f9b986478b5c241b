import FrameCore
import Glibc
import Peers
import Reactor
import LoopbackTestSupport
import Testing

/// One way for a connection to misbehave: bytes sent before the good clients start, bytes sent
/// while they run, then how the bad peer ends, and the reason the server must give.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    enum Ending: Sendable {
        /// Keep the socket open and wait for the server to close it.
        case wait
        /// shutdown(SHUT_WR), then wait for the server to close.
        case halfClose
        /// SO_LINGER 0 and close: the server sees a reset.
        case reset
    }

    var name: String
    var bytes: [UInt8]
    var ending: Ending
    /// The server's error line must end with this (after `: `), or start with it when `prefixOnly`.
    var reason: String
    var prefixOnly = false
    var testDescription: String { name }

    /// The server in these tests refuses content above 1024 bytes.
    static let maxContentLength = 1024

    static let all: [MalformedCase] = {
        let morpheus = Wire.search("morpheus")
        return [
            MalformedCase(name: "bad JSON header", bytes: Wire.raw(header: "{\"byteorder\": \"little\", oops}"),
                          ending: .wait, reason: "the JSON header is not valid JSON: ", prefixOnly: true),
            MalformedCase(name: "missing key",
                          bytes: Wire.raw(header: "{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-length\": 2}", content: Array("{}".utf8)),
                          ending: .wait, reason: "the JSON header lacks the required key \"content-encoding\""),
            MalformedCase(name: "content-length -1",
                          bytes: Wire.raw(header: "{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": -1}"),
                          ending: .wait, reason: "the JSON header's \"content-length\" is -1, but it must be a non-negative integer"),
            MalformedCase(name: "content-length \"-1\" (a string)",
                          bytes: Wire.raw(header: "{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": \"-1\"}"),
                          ending: .wait, reason: "the JSON header's \"content-length\" is \"-1\", but it must be a non-negative integer"),
            // Only the header is sent: the server must refuse without waiting for the content.
            MalformedCase(name: "content-length over --max-content-length",
                          bytes: Wire.raw(header: "{\"byteorder\": \"little\", \"content-type\": \"binary/x\", \"content-encoding\": \"binary\", \"content-length\": \(maxContentLength + 1)}"),
                          ending: .wait, reason: "the JSON header declares \(maxContentLength + 1) bytes of content, above the limit of \(maxContentLength)"),
            MalformedCase(name: "proto-header length 0", bytes: [0, 0], ending: .wait,
                          reason: "the proto-header declares a JSON header of 0 bytes, but a header must be a JSON object"),
            MalformedCase(name: "truncated, then closed", bytes: Array(morpheus.dropLast(5)), ending: .halfClose,
                          reason: "peer closed early: the stream ended inside the content (36 of 41 bytes)"),
            MalformedCase(name: "reset mid-frame (SO_LINGER 0)", bytes: Array(morpheus.dropLast(5)), ending: .reset,
                          reason: "connection reset by peer"),
        ]
    }()
}

@Suite("reference server under misbehaving clients", .timeLimit(.minutes(1)))
struct ServerRobustnessTests {
    @Test("a malformed frame closes only its own connection, with the reason, while 20 good clients are served",
          arguments: MalformedCase.all)
    func malformedAmongGood(_ bad: MalformedCase) throws {
        let server = try ServerHarness { $0.limits = FrameLimits(maxContentLength: MalformedCase.maxContentLength) }
        defer { server.stop() }
        let start = server.socketDescriptors
        #expect(start == 1)

        let peer = try RawClient(port: server.port)
        let peerPort = peer.localPort
        // The first byte goes out before the good clients start, the rest while they run.
        try #require(peer.send(Array(bad.bytes.prefix(1))), "send: errno \(peer.lastErrno)")
        #expect(eventually { server.openConnections == 1 })
        let cases = (0..<20).map { AppCase.all[$0 % AppCase.all.count] }
        let port = server.port
        let requests = cases.map(\.request)
        let clients = BackgroundRun { try ClientBatch.appClients(port: port, requests: requests) }
        try #require(peer.send(Array(bad.bytes.dropFirst())), "send: errno \(peer.lastErrno)")

        switch bad.ending {
        case .wait:
            let (bytes, end) = peer.readToEnd(timeout: 5)
            #expect(bytes.isEmpty, "no reply to a malformed frame")
            #expect(end != .timeout, "the server must close the bad connection")
        case .halfClose:
            peer.shutdownWrite()
            let (bytes, end) = peer.readToEnd(timeout: 5)
            #expect(bytes.isEmpty)
            #expect(end == .eof)
        case .reset:
            peer.reset()
        }
        peer.close()

        let results = try clients.wait(timeout: 30)
        #expect(results.count == 20)
        for (c, result) in zip(cases, results) {
            #expect((try? result?.get())?.encoded == c.reply, "\(c.testDescription): \(String(describing: result))")
        }

        // Exactly one error: the session event carries the reason, the log line (what the CLI
        // prints) names the connection and the bad peer too.
        #expect(eventually { server.errorEvents.count >= 1 })
        let errors = server.errorEvents
        #expect(errors.count == 1, "\(errors)")
        if let reason = errors.first {
            if bad.prefixOnly {
                #expect(reason.hasPrefix(bad.reason), "\(reason)")
            } else {
                #expect(reason == bad.reason)
            }
            let logged = server.errorLogLines
            #expect(logged.count == 1, "\(logged)")
            #expect(logged.first?.hasPrefix("closing connection ") == true, "\(logged)")
            #expect(logged.first?.hasSuffix(" to ('127.0.0.1', \(peerPort)): \(reason)") == true, "\(logged)")
        }
        #expect(eventually { server.socketDescriptors == start }, "server descriptors back to \(start), now \(server.socketDescriptors)")
        #expect(server.openConnections == 0)
    }

    @Test("the idle timeout cuts a client that sends one byte and stops")
    func idleTimeout() throws {
        let server = try ServerHarness { $0.idleTimeout = .milliseconds(300) }
        defer { server.stop() }
        let peer = try RawClient(port: server.port)
        let peerPort = peer.localPort
        let clock = ContinuousClock()
        let began = clock.now
        try #require(peer.send([0x00]), "send: errno \(peer.lastErrno)")
        let (bytes, end) = peer.readToEnd(timeout: 5)
        let elapsed = clock.now - began
        #expect(bytes.isEmpty)
        #expect(end == .eof)
        #expect(elapsed >= .milliseconds(250), "cut after \(elapsed), before the 300 ms timeout")
        #expect(elapsed < .seconds(3), "cut only after \(elapsed)")
        #expect(eventually { !server.errorEvents.isEmpty })
        #expect(server.errorEvents == ["idle timeout: no progress for 0.3 seconds"])
        #expect(server.errorLogLines.count == 1)
        #expect(server.errorLogLines.first?.hasSuffix(" to ('127.0.0.1', \(peerPort)): idle timeout: no progress for 0.3 seconds") == true,
                "\(server.errorLogLines)")
        // A client that does send its request in time is served.
        let reply = try AppClient.run(host: "127.0.0.1", port: server.port, request: .search("ring"), timeout: .seconds(5), sink: .silent()).get()
        #expect(reply.encoded == AppCase.all[1].reply)
        #expect(eventually { server.socketDescriptors == 1 })
    }

    @Test("the idle timeout also cuts a client trickling its JSON header a byte at a time (slowloris)")
    func slowloris() throws {
        let server = try ServerHarness { $0.idleTimeout = .milliseconds(300) }
        defer { server.stop() }
        let peer = try RawClient(port: server.port)
        let request = Wire.search("morpheus")
        let clock = ContinuousClock()
        let began = clock.now
        var sent = 0
        var cut = false
        // One byte every 50 ms: bytes keep moving, but the JSON header (100 bytes) never completes
        // within 300 ms. Bounded: at most the whole request, i.e. about 7 s.
        while sent < request.count {
            guard peer.send([request[sent]]) else { cut = true; break }
            sent += 1
            if peer.readToEnd(timeout: 0.05).end != .timeout { cut = true; break }
        }
        let elapsed = clock.now - began
        #expect(cut, "the trickling client must be cut before it completes its request")
        #expect(sent < request.count)
        #expect(elapsed >= .milliseconds(250))
        #expect(elapsed < .seconds(3), "cut only after \(elapsed)")
        #expect(eventually { server.errorEvents == ["idle timeout: no progress for 0.3 seconds"] }, "\(server.errorEvents)")
    }

    @Test("--max-connections refuses connections over the cap and counts them")
    func maxConnections() throws {
        let server = try ServerHarness {
            $0.maxConnections = 2
            $0.idleTimeout = nil
        }
        defer { server.stop() }
        let held = [try RawClient(port: server.port), try RawClient(port: server.port)]
        #expect(eventually { server.openConnections == 2 })
        #expect(server.socketDescriptors == 3, "the listener and the two held connections")

        for n in 1...3 {
            let extra = try RawClient(port: server.port)
            let (bytes, end) = extra.readToEnd(timeout: 5)
            #expect(bytes.isEmpty)
            #expect(end != .timeout, "connection \(n) over the cap must be closed at once")
            #expect(eventually { server.onLoop { _, s in s.refusedCount } == n })
            #expect(eventually { server.errorEvents.count == n })
            let line = "refused connection from 127.0.0.1:\(extra.localPort): over --max-connections (\(n) refused so far)"
            #expect(server.errorEvents.last == line, "\(server.errorEvents)")
            // Logged even without a watcher, so the CLI prints it too.
            #expect(eventually { server.errorLogLines.last == line }, "\(server.errorLogLines)")
        }
        #expect(server.openConnections == 2, "the refused connections did not count as open")

        // Free one slot: the next client is served.
        held[0].close()
        #expect(eventually { server.openConnections == 1 })
        let reply = try AppClient.run(host: "127.0.0.1", port: server.port, request: .search("morpheus"), timeout: .seconds(5), sink: .silent()).get()
        #expect(reply.encoded == AppCase.all[0].reply)
        #expect(server.onLoop { _, s in s.refusedCount } == 3)
        held[1].close()
        #expect(eventually { server.socketDescriptors == 1 })
        #expect(server.openConnections == 0)
    }

    @Test("after good, malformed, idle and refused connections the server's descriptors are back where they started")
    func descriptorsReturnToStart() throws {
        let server = try ServerHarness {
            $0.idleTimeout = .milliseconds(300)
            $0.maxConnections = 30
            $0.limits = FrameLimits(maxContentLength: MalformedCase.maxContentLength)
        }
        defer { server.stop() }
        let start = server.socketDescriptors
        #expect(start == 1)
        // Malformed peers of every kind, each left as its case ends it.
        for bad in MalformedCase.all {
            let peer = try RawClient(port: server.port)
            try #require(peer.send(bad.bytes), "send: errno \(peer.lastErrno)")
            switch bad.ending {
            case .wait: _ = peer.readToEnd(timeout: 5)
            case .halfClose: peer.shutdownWrite(); _ = peer.readToEnd(timeout: 5)
            case .reset: peer.reset()
            }
        }
        // Idle peers: 3 that send a byte and stop, 1 that sends nothing.
        let idle = try (0..<4).map { i in
            let peer = try RawClient(port: server.port)
            if i < 3 { try #require(peer.send([0x00]), "send: errno \(peer.lastErrno)") }
            return peer
        }
        // Good clients while the idle ones wait.
        let results = try ClientBatch.appClients(port: server.port, requests: AppCase.all.map(\.request))
        #expect(results.allSatisfy { (try? $0?.get()) != nil })
        // The idle ones are cut within the timeout.
        for peer in idle { #expect(peer.readToEnd(timeout: 5).end == .eof) }
        #expect(eventually { server.socketDescriptors == start }, "server descriptors back to \(start), now \(server.socketDescriptors)")
        #expect(server.openConnections == 0)
        #expect(server.errorEvents.count == MalformedCase.all.count + idle.count, "\(server.errorEvents)")
    }
}
