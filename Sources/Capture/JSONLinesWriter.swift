import FrameCore

/// Writes a session as JSON Lines: a first line naming the format and its version, then one
/// event per line. The bytes of a read or write are the truth (`hex` up to 256 bytes, `base64`
/// above); each message they complete is added decoded (`messages`: header and content) so the
/// file can be read without SocketLab, and a frame the decoder refuses gets its `frame_error`.
///
/// ```
/// {"format": "socketlab-session", "version": 1}
/// {"time": 1764681626.25, "connection": 1, "side": "client", "kind": "opened", "peer": "127.0.0.1:65432", "local": "127.0.0.1:40522"}
/// {"time": 1764681626.26, "connection": 1, "side": "client", "kind": "bytes", "direction": "out", "hex": "0064…", "messages": [{"header": {…}, "content": {"action": "search", "value": "morpheus"}}]}
/// ```
///
/// The decoded `messages` keep the first `contentWindow` bytes of a content (the rest is counted
/// as `content_omitted`; the bytes themselves are all in `hex`/`base64`): a decoder that buffered
/// whole contents held up to 16 MiB per connection and direction whatever the server's own limits,
/// 554 MB RSS for ten connections sending 16 MiB requests slowly to a recording server.
public struct JSONLinesWriter: CaptureEncoder {
    public static let formatName = "socketlab-session"
    public static let version = 1
    /// Content bytes of a message written decoded in `messages`.
    public static let contentWindow = 64 * 1024

    private let limits: FrameLimits
    private var sides: [Int: SessionEvent.Side] = [:]
    /// One decoder per connection and direction, dropped when the connection closes.
    private var decoders: [DecoderKey: FrameDecoder] = [:]

    private struct DecoderKey: Hashable {
        var connection: Int
        var direction: String
    }

    public init(limits: FrameLimits = .default) {
        self.limits = limits
    }

    public mutating func begin() -> [UInt8] {
        Array("{\"format\": \"\(Self.formatName)\", \"version\": \(Self.version)}\n".utf8)
    }

    public mutating func encode(_ event: SessionEvent) -> [UInt8] {
        var line = Line()
        line.number("time", String(event.time))
        if let connection = event.connection {
            line.number("connection", String(connection))
            if case let .opened(side, _, _) = event.kind { sides[connection] = side }
            if let side = sides[connection] { line.string("side", side.rawValue) }
        }
        switch event.kind {
        case let .listening(address, mode):
            line.string("kind", "listening")
            line.string("address", address)
            line.string("mode", mode)
        case let .opened(_, peer, local):
            line.string("kind", "opened")
            line.string("peer", peer)
            line.string("local", local)
        case let .bytes(direction, bytes):
            line.string("kind", "bytes")
            line.string("direction", direction.rawValue)
            Self.appendBytes(bytes, to: &line, hexKey: "hex", base64Key: "base64")
            if let connection = event.connection {
                decode(bytes, connection: connection, direction: direction, into: &line)
            }
        case let .state(text):
            line.string("kind", "state")
            line.string("text", text)
        case let .interest(text):
            line.string("kind", "interest")
            line.string("interest", text)
        case let .stats(stats):
            line.string("kind", "stats")
            line.raw("stats", StatsCoding.json(stats))
        case let .log(text):
            line.string("kind", "log")
            line.string("text", text)
        case let .error(text):
            line.string("kind", "error")
            line.string("text", text)
        case let .selector(text):
            line.string("kind", "selector")
            line.string("text", text)
        case let .closed(reason):
            line.string("kind", "closed")
            line.string("reason", reason)
            if let connection = event.connection {
                sides[connection] = nil
                decoders[DecoderKey(connection: connection, direction: "in")] = nil
                decoders[DecoderKey(connection: connection, direction: "out")] = nil
            }
        }
        return line.finish()
    }

    private mutating func decode(_ bytes: [UInt8], connection: Int, direction: SessionEvent.Direction, into line: inout Line) {
        let key = DecoderKey(connection: connection, direction: direction.rawValue)
        // Changed in place in the dictionary: a copy taken out would copy its buffer on every feed.
        if decoders[key] == nil { decoders[key] = FrameDecoder(limits: limits, contentWindow: Self.contentWindow) }
        guard decoders[key]?.failure == nil else { return }
        decoders[key]?.feed(bytes)
        var messages: [String] = []
        var failure: FrameError?
        while true {
            do {
                guard let message = try decoders[key]?.next() else { break }
                messages.append(Self.messageJSON(message, limits: limits))
            } catch {
                failure = error
                break
            }
        }
        if !messages.isEmpty { line.raw("messages", "[" + messages.joined(separator: ", ") + "]") }
        if let failure { line.string("frame_error", failure.description) }
    }

    /// `{"header": {…as sent…}, "content": …}`: JSON content as JSON, anything else as bytes.
    static func messageJSON(_ message: Message, limits: FrameLimits) -> String {
        var out = Line()
        // The header parsed, so it is valid JSON; written back in its own member order.
        out.raw("header", JSONValue.object(message.header.members).jsonText)
        if message.isJSON, message.isContentComplete, let value = try? message.jsonContent(limits: limits) {
            out.raw("content", value.jsonText)
        } else {
            appendBytes(message.content, to: &out, hexKey: "content_hex", base64Key: "content_base64")
            if !message.isContentComplete { out.number("content_omitted", String(message.omittedContentBytes)) }
        }
        return String(decoding: out.finish(newline: false), as: UTF8.self)
    }

    static func appendBytes(_ bytes: [UInt8], to line: inout Line, hexKey: String, base64Key: String) {
        if bytes.count <= ByteText.hexLimit {
            line.string(hexKey, ByteText.hex(bytes))
        } else {
            line.string(base64Key, ByteText.base64(bytes))
        }
    }

    /// One JSON object built member by member, in the order written.
    struct Line {
        private var text = "{"
        private var first = true

        mutating func raw(_ key: String, _ json: String) {
            if !first { text += ", " }
            first = false
            text += JSONValue.quoted(key) + ": " + json
        }

        mutating func string(_ key: String, _ value: String) { raw(key, JSONValue.quoted(value)) }
        mutating func number(_ key: String, _ value: String) { raw(key, value) }

        func finish(newline: Bool = true) -> [UInt8] {
            Array((text + (newline ? "}\n" : "}")).utf8)
        }
    }
}
