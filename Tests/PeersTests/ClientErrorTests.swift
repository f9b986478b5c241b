import FrameCore
import Peers
import Reactor
import LoopbackTestSupport
import Testing

/// Every way `AppClient` can fail ends in a `ClientError` that says what happened.
@Suite("app client errors", .timeLimit(.minutes(1)))
struct ClientErrorTests {
    @Test("connection refused → .connect, with a sentence")
    func refused() throws {
        let port = try RawListener.closedPort()
        let result = AppClient.run(host: "127.0.0.1", port: port, request: .search("morpheus"), timeout: .seconds(5), sink: .silent())
        guard case let .failure(error) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(error == .connect(.connectionRefused("127.0.0.1:\(port)")))
        #expect(error.description == "cannot connect: connection refused by 127.0.0.1:\(port)")
    }

    @Test("an unresolvable host → .resolve")
    func unresolvable() {
        let result = AppClient.run(host: "nosuchhost.invalid", port: 1, request: .search("x"), timeout: .seconds(5), sink: .silent())
        guard case let .failure(.resolve(error)) = result else {
            Issue.record("expected .resolve, got \(result)")
            return
        }
        #expect(ClientError.resolve(error).description.hasPrefix("cannot resolve the host: could not resolve host 'nosuchhost.invalid'"))
    }

    @Test("no reply in time → .timedOut, after the timeout and not long after")
    func timedOut() throws {
        // Listening but never accepting: the connect succeeds (backlog), the reply never comes.
        let listener = try RawListener()
        let clock = ContinuousClock()
        let began = clock.now
        let result = AppClient.run(host: "127.0.0.1", port: listener.port, request: .search("morpheus"),
                                   timeout: .milliseconds(300), sink: .silent())
        let elapsed = clock.now - began
        guard case let .failure(error) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(error == .timedOut(host: "127.0.0.1:\(listener.port)", seconds: 0.3))
        #expect(error.description == "no reply from 127.0.0.1:\(listener.port) within 0.3 s (--timeout)")
        #expect(elapsed >= .milliseconds(290))
        #expect(elapsed < .seconds(3))
    }

    @Test("a garbage reply → .malformedReply naming what is wrong")
    func malformedReply() throws {
        let request = Wire.search("morpheus")
        let fake = try FakeServer(expect: request.count, reply: [0x00, 0x05] + Array("hello".utf8))
        let result = AppClient.run(host: "127.0.0.1", port: fake.port, request: .search("morpheus"), timeout: .seconds(5), sink: .silent())
        #expect(fake.finish() == request, "the fake server read our exact request")
        guard case let .failure(.malformedReply(frameError)) = result else {
            Issue.record("expected .malformedReply, got \(result)")
            return
        }
        guard case .headerNotJSON = frameError else {
            Issue.record("expected headerNotJSON, got \(frameError)")
            return
        }
        #expect(ClientError.malformedReply(frameError).description.hasPrefix("the server's reply is malformed: the JSON header is not valid JSON"))
    }

    @Test("a reply header without content-length → .malformedReply(.missingHeaderKey)")
    func replyMissingKey() throws {
        let request = Wire.search("ring")
        let fake = try FakeServer(expect: request.count,
                                  reply: Wire.raw(header: "{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\"}"))
        let result = AppClient.run(host: "127.0.0.1", port: fake.port, request: .search("ring"), timeout: .seconds(5), sink: .silent())
        _ = fake.finish()
        #expect(result == .failure(.malformedReply(.missingHeaderKey("content-length"))))
    }

    @Test("the server closes without replying → .closedEarly")
    func closedEarly() throws {
        let request = Wire.search("morpheus")
        let fake = try FakeServer(expect: request.count, reply: [])
        let result = AppClient.run(host: "127.0.0.1", port: fake.port, request: .search("morpheus"), timeout: .seconds(5), sink: .silent())
        _ = fake.finish()
        #expect(result == .failure(.closedEarly("no reply bytes at all")))
        if case let .failure(error) = result {
            #expect(error.description == "the server closed the connection before replying: no reply bytes at all")
        }
    }

    @Test("the server closes halfway through its reply → .closedEarly with where it stopped")
    func closedMidReply() throws {
        let request = Wire.search("morpheus")
        let reply = AppCase.all[0].reply
        let fake = try FakeServer(expect: request.count, reply: Array(reply.prefix(10)))
        let result = AppClient.run(host: "127.0.0.1", port: fake.port, request: .search("morpheus"), timeout: .seconds(5), sink: .silent())
        _ = fake.finish()
        let headerLength = Int(reply[0]) << 8 | Int(reply[1])
        #expect(result == .failure(.closedEarly("the stream ended inside the JSON header (8 of \(headerLength) bytes)")))
    }
}

/// The echo and multiconn clients fail in words too.
@Suite("echo and multiconn client errors", .timeLimit(.minutes(1)))
struct EchoClientErrorTests {
    @Test("echo client: connection refused → .connect")
    func echoRefused() throws {
        let port = try RawListener.closedPort()
        let result = EchoClient.run(host: "127.0.0.1", port: port, timeout: .seconds(5), sink: .silent())
        #expect(result == .failure(.connect(.connectionRefused("127.0.0.1:\(port)"))))
    }

    @Test("echo client: no echo in time → .timedOut with the real (fractional) timeout")
    func echoTimedOut() throws {
        let listener = try RawListener()
        let result = EchoClient.run(host: "127.0.0.1", port: listener.port, timeout: .milliseconds(300), sink: .silent())
        #expect(result == .failure(.timedOut(host: "127.0.0.1:\(listener.port)", seconds: 0.3)))
        if case let .failure(error) = result {
            #expect(error.description == "no reply from 127.0.0.1:\(listener.port) within 0.3 s (--timeout)")
        }
    }

    @Test("multiconn client: connections without an echo in time → .timedOut each, with the real timeout")
    func multiconnTimedOut() throws {
        let listener = try RawListener()
        let results = MulticonnClient.run(host: "127.0.0.1", port: listener.port, connections: 3, timeout: .milliseconds(300), sink: .silent())
        #expect(results.count == 3)
        for result in results {
            #expect(result == .failure(.timedOut(host: "127.0.0.1:\(listener.port)", seconds: 0.3)))
        }
    }

    @Test("echo client: the server closes before echoing everything → .closedEarly")
    func echoClosedEarly() throws {
        let fake = try FakeServer(expect: 12, reply: Array("Hello".utf8))
        let result = EchoClient.run(host: "127.0.0.1", port: fake.port, timeout: .seconds(5), sink: .silent())
        #expect(fake.finish() == Array("Hello, world".utf8))
        #expect(result == .failure(.closedEarly("5 of 12 bytes came back")))
    }

    /// A library caller's extreme values are words, not traps (`Int(9.3e18)` trapped).
    @Test("extreme timeouts and counts from library callers do not trap")
    func extremeValues() {
        #expect(ClientError.timedOut(host: "h", seconds: 9.3e18).description
                    == "no reply from h within 9.3e+18 s (--timeout)")
        #expect(ClientError.timedOut(host: "h", seconds: .infinity).description == "no reply from h within inf s (--timeout)")
        #expect(ClientError.timedOut(host: "h", seconds: 2).description == "no reply from h within 2 s (--timeout)")
        #expect(MulticonnClient.run(host: "127.0.0.1", port: 1, connections: -1, sink: .silent()).isEmpty)
    }
}
