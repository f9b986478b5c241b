import FrameCore

/// What the load generator sends on every connection, and the reply it must get back.
///
/// Why the expected reply is computed once, by `AppResponder`: every reply is verified (frame and
/// exact content), and comparing bytes against a precomputed frame costs one `memcmp` per request,
/// so the generator spends its share of the CPU on sockets, not on checking.
public struct LoadRequest: Sendable {
    /// A short name for reports, e.g. `search morpheus` or `binary 64 MiB`: escaped and cut
    /// (`labelBytes`), since the value is whatever was typed after `--search` and the report's
    /// table goes to a terminal.
    public let label: String
    static let labelBytes = 200
    /// The framed request, sent whole on every connection.
    public let bytes: [UInt8]
    /// The reply frame our server sends (header in this machine's byte order, the tutorial's key order).
    public let expectedFrame: [UInt8]
    /// The content type and content any correct server must reply with, whatever its header layout.
    public let expectedContentType: String
    public let expectedContent: [UInt8]

    public init(_ request: AppRequest) {
        self.init(message: request.message(), label: Self.label(request))
    }

    /// A binary request whose content is `size` bytes: `binary😃` followed by a repeating pattern
    /// (the same bytes `Benchmarks/floor/big_request.py` sends).
    public static func sized(_ size: Int) -> LoadRequest {
        let pattern = Array("binary\u{1F603}".utf8) + (0...255).map { UInt8($0) }
        var content = [UInt8]()
        content.reserveCapacity(size)
        while content.count < size {
            content.append(contentsOf: pattern.prefix(size - content.count))
        }
        let message = Message(contentType: "binary/custom-client-binary-type", contentEncoding: "binary", content: content)
        return LoadRequest(message: message, label: "binary \(LoadReport.bytesText(size))")
    }

    private init(message: Message, label: String) {
        self.label = label
        bytes = message.encoded
        // The reply to a well-formed request of ours cannot fail.
        let reply = (try? AppResponder.reply(to: message, limits: FrameLimits(maxContentLength: Int.max / 2)))
            ?? Message(contentType: "?", contentEncoding: "?", content: [])
        expectedFrame = reply.encoded
        expectedContentType = reply.header.contentType
        expectedContent = reply.content
    }

    private static func label(_ request: AppRequest) -> String {
        let text = switch request {
        case let .search(value): "search \(value)"
        case let .binary(action, value): "\(action) \(value)"
        }
        return PythonRepr.escaped(text, maxBytes: labelBytes)
    }

    /// Checks a decoded reply that did not match `expectedFrame` byte for byte (another server may
    /// order or space its JSON header differently): the content type and content must still match.
    func accepts(_ reply: Message) -> Bool {
        reply.header.contentType == expectedContentType && reply.content == expectedContent
    }
}
