@testable import Capture
import FrameCore

/// Sessions built by hand, as the peers report them, for the round-trip tests.
enum SessionFixtures {
    static let server = "127.0.0.1:65432"
    static let client = "127.0.0.1:40522"

    static let request = AppRequest.search("morpheus").message(byteorder: "little").encoded
    static let reply = Message(contentType: "text/json", contentEncoding: "utf-8",
                               content: Array("{\"result\": \"Follow the white rabbit. 🐰\"}".utf8),
                               byteorder: "little").encoded

    /// A client connection as `AppClient` reports it: opened without its own address, then
    /// `connected from …`, the request written in `chunks`, the reply read, closed by the peer.
    static func clientSession(id: Int = 1, local: String = client, peer: String = server, chunk: Int? = nil,
                              start: Double = 1_764_680_000.25) -> [SessionEvent] {
        var t = start
        func next() -> Double { t += 0.001; return t }
        var events = [
            SessionEvent(time: next(), connection: id, kind: .opened(side: .client, peer: peer, local: "?")),
            SessionEvent(time: next(), connection: id, kind: .state("connected from \(local)")),
            SessionEvent(time: next(), connection: id, kind: .interest("READ|WRITE")),
        ]
        let size = chunk ?? request.count
        var offset = 0
        while offset < request.count {
            let end = min(request.count, offset + size)
            events.append(SessionEvent(time: next(), connection: id, kind: .bytes(.out, Array(request[offset..<end]))))
            offset = end
        }
        events += [
            SessionEvent(time: next(), connection: id, kind: .bytes(.in, Array(reply.prefix(30)))),
            SessionEvent(time: next(), connection: id, kind: .bytes(.in, Array(reply.dropFirst(30)))),
            SessionEvent(time: next(), connection: id, kind: .log("Got result: Follow the white rabbit. 🐰")),
            SessionEvent(time: next(), connection: id, kind: .stats(ConnectionStats(bytesIn: reply.count, bytesOut: request.count,
                                                                                    messagesIn: 1, messagesOut: 1))),
            SessionEvent(time: next(), connection: id, kind: .closed(reason: "closed by peer")),
        ]
        return events
    }

    /// The server's side of the same connection, as the embedded server reports it.
    static func serverSession(id: Int, local: String = server, peer: String = client, start: Double = 1_764_680_000.2505) -> [SessionEvent] {
        [
            SessionEvent(time: start, connection: id, kind: .opened(side: .server, peer: peer, local: local)),
            SessionEvent(time: start + 0.001, connection: id, kind: .bytes(.in, request)),
            SessionEvent(time: start + 0.002, connection: id, kind: .bytes(.out, reply)),
            SessionEvent(time: start + 0.003, connection: id, kind: .closed(reason: "response sent")),
        ]
    }

    static func encode<E: CaptureEncoder>(_ events: [SessionEvent], with encoder: E) -> [UInt8] {
        var encoder = encoder
        var bytes = encoder.begin()
        for event in events { bytes += encoder.encode(event) }
        return bytes
    }

    /// The bytes of every `bytes` event of a connection and direction, joined.
    static func stream(_ events: [SessionEvent], connection: Int, _ direction: SessionEvent.Direction) -> [UInt8] {
        events.reduce(into: []) { out, event in
            if event.connection == connection, case let .bytes(d, bytes) = event.kind, d == direction { out += bytes }
        }
    }

    static func decoded(_ bytes: [UInt8]) -> [Message] {
        var decoder = FrameDecoder()
        decoder.feed(bytes)
        var messages: [Message] = []
        while let message = try? decoder.next() { messages.append(message) }
        return messages
    }
}
