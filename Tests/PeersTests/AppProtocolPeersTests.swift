import FrameCore
import Peers
import Reactor
import LoopbackTestSupport
import Testing

/// Our `AppClient` against our `ReferenceServer`, in process: exact reply bytes and the line the
/// client prints, for every row of the search table, a miss, an invalid action and a binary request.
@Suite("app client ↔ reference server", .timeLimit(.minutes(1)))
struct AppProtocolPeersTests {
    @Test("each request gets its exact reply bytes and line", arguments: AppCase.all)
    func exactReply(_ c: AppCase) throws {
        let server = try ServerHarness()
        defer { server.stop() }
        // The request we send is the tutorial's, byte for byte.
        #expect(AppRequest(action: c.action, value: c.value).message().encoded == c.request)
        let result = AppClient.run(host: "127.0.0.1", port: server.port,
                                   request: AppRequest(action: c.action, value: c.value),
                                   timeout: .seconds(5), sink: .silent())
        let reply = try result.get()
        #expect(reply.encoded == c.reply)
        #expect(try AppReply.line(for: reply) == c.line)
        // The server logged the request and its reply, and reported no error.
        #expect(server.logEvents.contains { $0.hasPrefix("sending \(PythonRepr.bytes(c.reply)) to ('127.0.0.1', ") })
        #expect(server.errorEvents.isEmpty)
    }

    @Test("a JSON request with action \"find\" gets the invalid-action result")
    func invalidAction() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let request = Wire.frame(contentType: "text/json", contentEncoding: "utf-8",
                            content: Array("{\"action\": \"find\", \"value\": \"morpheus\"}".utf8))
        let results = try ClientBatch.appClients(port: server.port, requests: [request], limit: .seconds(5))
        let reply = try #require(results[0]).get()
        #expect(reply.encoded == Wire.jsonReply("Error: invalid action 'find'."))
        #expect(try AppReply.line(for: reply) == "Got result: Error: invalid action 'find'.")
    }

    @Test("a request with keys reordered, extra keys and \\u escapes is understood")
    func liberalHeader() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let content = "{\"value\": \"\\u0072ing\", \"action\": \"search\"}"
        let header = "{ \"content-length\" : \(content.utf8.count), \"x-extra\": [1, {\"a\": null}],"
            + "\"content-encoding\":\"utf-8\",\"content-type\":\"text\\/json\",\"byteorder\":\"big\" }"
        let results = try ClientBatch.appClients(port: server.port, requests: [Wire.raw(header: header, content: Array(content.utf8))], limit: .seconds(5))
        let reply = try #require(results[0]).get()
        #expect(reply.encoded == Wire.jsonReply("In the caves beneath the Misty Mountains. \u{1F48D}"))
    }

    @Test("a request sent one byte at a time gets the same reply")
    func trickled() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let c = AppCase.all[4]
        let result = AppClient.run(host: "127.0.0.1", port: server.port, request: .binary(action: "binary", value: "\u{1F603}"),
                                   plan: SendPlan(chunkSize: 1, delay: .milliseconds(1)), timeout: .seconds(5), sink: .silent())
        #expect(try result.get().encoded == c.reply)
    }

    @Test("200 concurrent app clients all get their exact replies")
    func twoHundredConcurrent() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let start = server.socketDescriptors
        #expect(start == 1, "only the listener before any client")
        let cases = (0..<200).map { AppCase.all[$0 % AppCase.all.count] }
        let results = try ClientBatch.appClients(port: server.port, requests: cases.map(\.request))
        var good = 0
        for (c, result) in zip(cases, results) {
            guard case let .success(reply)? = result else {
                Issue.record("\(c.testDescription): \(String(describing: result))")
                continue
            }
            #expect(reply.encoded == c.reply)
            #expect(try AppReply.line(for: reply) == c.line)
            good += 1
        }
        #expect(good == 200)
        #expect(server.errorEvents.isEmpty)
        #expect(eventually { server.socketDescriptors == start }, "server descriptors back to \(start), now \(server.socketDescriptors)")
        #expect(server.openConnections == 0)
    }
}

/// The echo and multiconn servers with our echo and multiconn clients.
@Suite("echo and multiconn peers", .timeLimit(.minutes(1)))
struct EchoPeersTests {
    @Test("echo: one client gets Hello, world back, then the server stops by itself")
    func echoOnce() throws {
        let server = try ServerHarness { $0.mode = .echo }
        defer { server.stop() }
        let echoed = try EchoClient.run(host: "127.0.0.1", port: server.port, timeout: .seconds(5), sink: .silent()).get()
        #expect(echoed == Array("Hello, world".utf8))
        #expect(PythonRepr.bytes(echoed) == "b'Hello, world'")
        #expect(server.waitUntilStopped(timeout: 5), "the echo server exits after its one client")
        #expect(server.logs.all().contains { $0.hasPrefix("Connected by ('127.0.0.1', ") }, "the tutorial's line, on the log")
        // It served one client only: the port is closed now.
        let again = EchoClient.run(host: "127.0.0.1", port: server.port, timeout: .seconds(2), sink: .silent())
        guard case .failure(.connect(.connectionRefused)) = again else {
            Issue.record("a second echo client should be refused, got \(again)")
            return
        }
    }

    @Test("multiconn: 10 connections each get all 44 bytes back")
    func multiconnTen() throws {
        let server = try ServerHarness { $0.mode = .multiconn }
        defer { server.stop() }
        let expected = Array("Message 1 from client.Message 2 from client.".utf8)
        #expect(expected.count == 44)
        let results = MulticonnClient.run(host: "127.0.0.1", port: server.port, connections: 10, timeout: .seconds(5), sink: .silent())
        #expect(results.count == 10)
        for (i, result) in results.enumerated() {
            #expect((try? result.get()) == expected, "connection \(i + 1): \(result)")
        }
        #expect(eventually { server.openConnections == 0 })
        #expect(server.errorEvents.isEmpty)
        #expect(server.stop())
    }
}
