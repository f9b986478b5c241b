import FrameCore
import Glibc
import Peers
import Reactor
import LoopbackTestSupport
import Testing

/// One hostile input: the bytes, what the bad client does after sending them, and the reason the
/// server must give in its one error line.
struct HostileCase: Sendable, CustomTestStringConvertible {
    enum After: Sendable {
        /// Keep the socket open and read: the server must close it.
        case read
        /// Close (FIN) right after sending: the stream ends inside the message.
        case close
        /// Close with SO_LINGER 0 (RST) once the server has read the bytes.
        case reset
    }

    var name: String
    var bytes: [UInt8]
    var after: After = .read
    /// Text the server's error line for this connection must contain.
    var reason: String
    var testDescription: String { name }

    static func header(_ length: String, encoding: String = "utf-8") -> String {
        "{\"byteorder\": \"big\", \"content-type\": \"text/json\", \"content-encoding\": \"\(encoding)\", \"content-length\": \(length)}"
    }

    static let garbageText: [UInt8] = (0..<65_535).map { i in UInt8(ascii: "!") + UInt8((i &* 7919) % 90) }
    static let garbageBinary: [UInt8] = (0..<65_535).map { i in UInt8(truncatingIfNeeded: (i &* 2_654_435_761) >> 13) | 0x80 }
    static let truncatedHeader = header("41")

    static let all: [HostileCase] = [
        HostileCase(name: "proto-header length 0", bytes: [0, 0] + Array("{}".utf8),
                    reason: "the proto-header declares a JSON header of 0 bytes"),
        HostileCase(name: "JSON header of 65,535 bytes of text garbage", bytes: Wire.raw(headerBytes: garbageText),
                    reason: "the JSON header is not valid JSON"),
        HostileCase(name: "JSON header of 65,535 bytes of binary garbage", bytes: Wire.raw(headerBytes: garbageBinary),
                    reason: "the JSON header is not valid UTF-8"),
        HostileCase(name: "content-length as a string", bytes: Wire.raw(header: header("\"41\"")),
                    reason: "the JSON header's \"content-length\" is \"41\", but it must be a non-negative integer"),
        HostileCase(name: "content-length as a float", bytes: Wire.raw(header: header("41.0")),
                    reason: "the JSON header's \"content-length\" is 41.0, but it must be a non-negative integer"),
        HostileCase(name: "content-length as an exponent", bytes: Wire.raw(header: header("4.1e1")),
                    reason: "the JSON header's \"content-length\" is 4.1e1, but it must be a non-negative integer"),
        HostileCase(name: "negative content-length", bytes: Wire.raw(header: header("-1")),
                    reason: "the JSON header's \"content-length\" is -1, but it must be a non-negative integer"),
        HostileCase(name: "null content-length", bytes: Wire.raw(header: header("null")),
                    reason: "the JSON header's \"content-length\" is null, but it must be a non-negative integer"),
        HostileCase(name: "huge content-length", bytes: Wire.raw(header: header("123456789012345678901234567890")),
                    reason: "the JSON header declares more than 10^18 bytes of content, above the limit of 16777216"),
        HostileCase(name: "content-length just over the default limit", bytes: Wire.raw(header: header("16777217")),
                    reason: "the JSON header declares 16777217 bytes of content, above the limit of 16777216"),
        HostileCase(name: "content-length 2^63 - 1", bytes: Wire.raw(header: header("9223372036854775807")),
                    reason: "the JSON header declares more than 10^18 bytes of content"),
        HostileCase(name: "unknown content-encoding for text/json",
                    bytes: Wire.raw(header: header("2", encoding: "utf-9"), content: Array("{}".utf8)),
                    reason: "the content-encoding \"utf-9\" is not one this server can decode"),
        HostileCase(name: "truncated inside the JSON header, then close",
                    bytes: Array(Wire.raw(header: truncatedHeader).prefix(12)), after: .close,
                    reason: "peer closed early: the stream ended inside the JSON header (10 of \(truncatedHeader.utf8.count) bytes)"),
        HostileCase(name: "truncated inside the content, then close",
                    bytes: Array(Wire.search("morpheus").dropLast(5)), after: .close,
                    reason: "peer closed early: the stream ended inside the content (36 of 41 bytes)"),
        HostileCase(name: "truncated inside the proto-header, then close", bytes: [0], after: .close,
                    reason: "peer closed early: the stream ended inside the proto-header (1 of 2 bytes)"),
        HostileCase(name: "reset mid-frame (SO_LINGER 0)",
                    bytes: Array(Wire.raw(header: truncatedHeader).prefix(20)), after: .reset,
                    reason: "connection reset by peer"),
        HostileCase(name: "reset mid-content (SO_LINGER 0)",
                    bytes: Array(Wire.search("ring").dropLast(3)), after: .reset,
                    reason: "connection reset by peer"),
    ]
}

@Suite("Hostile inputs against a live server", .serialized, .timeLimit(.minutes(5)))
struct MalformedUnderLoadTests {
    @Test("each hostile input closes only its own connection, with its reason, while 20 good clients are served",
          arguments: HostileCase.all)
    func hostileWhileGoodClientsRun(_ hostile: HostileCase) throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let listenerOnly = server.socketDescriptors
        #expect(listenerOnly == 1)

        let good = BackgroundExchanges(port: server.port, count: 20, gap: .milliseconds(40))
        let bad = try RawClient(port: server.port)
        let badPort = bad.localPort
        #expect(bad.send(hostile.bytes) || hostile.after == .reset, "sending the hostile bytes failed")
        switch hostile.after {
        case .read:
            let end = bad.readToEnd(timeout: 10)
            #expect(end.end != .timeout, "the server did not close the bad connection")
            #expect(end.bytes.isEmpty, "the server answered a malformed request: \(end.bytes.count) bytes")
        case .close:
            bad.close()
        case .reset:
            #expect(eventually { server.hasConnection(fromPort: badPort, bytesIn: hostile.bytes.count) },
                    "the server never read the bytes before the reset")
            bad.reset()
        }

        let exchanges = try good.wait()
        #expect(good.failures(exchanges).isEmpty, "\(good.failures(exchanges))")

        #expect(eventually { server.errorLogLines(peerPort: badPort).count == 1 }, "no error line for the bad connection: \(server.errorLogLines)")
        let lines = server.errorLogLines(peerPort: badPort)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("closing connection ") == true, "\(lines)")
        #expect(lines.first?.contains(hostile.reason) == true, "want «\(hostile.reason)», got \(lines)")
        // The same reason reached the session's watchers as an error event for that connection.
        let id = try #require(lines.first.flatMap(ServerHarness.connectionID(in:)), "\(lines)")
        let events = server.errorEvents(connection: id)
        #expect(events.count == 1 && events[0].contains(hostile.reason), "events for connection \(id): \(events)")
        // Nobody else was hurt: the only error line is the bad one.
        #expect(server.errorLogLines.count == 1, "\(server.errorLogLines)")

        // Everything is released: no open connection, only the listener's descriptor.
        #expect(eventually { server.openConnections == 0 }, "connections left: \(String(describing: server.openConnections))")
        #expect(eventually { server.socketDescriptors == listenerOnly }, "descriptors: \(server.socketDescriptors)")
    }

    @Test("all hostile inputs at once, twice over, while 100 good clients run; everything returns to the start")
    func allAtOnce() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let start = server.socketDescriptors
        let good = BackgroundExchanges(port: server.port, count: 100, gap: .milliseconds(20))
        var bad: [(RawClient, HostileCase)] = []
        for hostile in HostileCase.all + HostileCase.all {
            let client = try RawClient(port: server.port)
            client.send(hostile.bytes)
            bad.append((client, hostile))
        }
        for (client, hostile) in bad {
            switch hostile.after {
            case .read: #expect(client.readToEnd(timeout: 10).end != .timeout, "\(hostile.name): not closed")
            case .close: client.close()
            case .reset:
                // The reset must come after the server read the bytes, or it tests nothing.
                #expect(eventually { server.hasConnection(fromPort: client.localPort, bytesIn: hostile.bytes.count) },
                        "\(hostile.name): the server never read the bytes before the reset")
                client.reset()
            }
        }
        let exchanges = try good.wait()
        #expect(good.failures(exchanges).isEmpty, "\(good.failures(exchanges))")
        #expect(eventually { server.errorLogLines.count == bad.count }, "\(server.errorLogLines.count) error lines for \(bad.count) bad clients")
        #expect(eventually { server.openConnections == 0 })
        #expect(eventually { server.socketDescriptors == start }, "descriptors: \(server.socketDescriptors), at start \(start)")
    }
}
