/// One framed message: the header and the content it announced.
///
/// ```
///  0      2                 2+N                     2+N+L
///  +------+------------------+-----------------------+
///  | N:u16| JSON header      | content               |
///  |  BE  | N bytes, UTF-8   | L = content-length    |
///  +------+------------------+-----------------------+
///  proto-   {"byteorder": …,   JSON, text or binary,
///  header    "content-length": L, …}   per content-type
/// ```
public struct Message: Equatable, Sendable {
    public var header: JSONHeader
    /// The JSON header exactly as it was on the wire (for a received message) or will be.
    public var headerBytes: [UInt8]
    public var content: [UInt8]

    public init(header: JSONHeader, headerBytes: [UInt8], content: [UInt8]) {
        self.header = header
        self.headerBytes = headerBytes
        self.content = content
    }

    /// A message to send, with a header in the tutorial's exact form and this machine's byte order.
    public init(contentType: String, contentEncoding: String, content: [UInt8], byteorder: String = Message.hostByteOrder) {
        let header = JSONHeader(byteorder: byteorder, contentType: contentType, contentEncoding: contentEncoding,
                                contentLength: content.count)
        self.init(header: header, headerBytes: header.encoded, content: content)
    }

    /// `"little"` or `"big"`, like Python's `sys.byteorder`.
    public static let hostByteOrder: String = UInt16(1).littleEndian == 1 ? "little" : "big"

    /// The whole frame: proto-header, JSON header, content. The proto-header holds 16 bits, so a
    /// header over 65,535 bytes (only a caller's own content-type or encoding can make one) cannot
    /// be framed: that is a programming error, stopped here with a sentence rather than a bare
    /// integer trap.
    public var encoded: [UInt8] {
        precondition(headerBytes.count <= 0xFFFF, "a JSON header of \(headerBytes.count) bytes does not fit the 16-bit proto-header")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 + headerBytes.count + content.count)
        bytes.append(UInt8(headerBytes.count >> 8))
        bytes.append(UInt8(headerBytes.count & 0xFF))
        bytes.append(contentsOf: headerBytes)
        bytes.append(contentsOf: content)
        return bytes
    }

    /// Two messages are equal when their bytes are: the parsed header (and its member spans)
    /// follows from `headerBytes`.
    public static func == (lhs: Message, rhs: Message) -> Bool {
        lhs.headerBytes == rhs.headerBytes && lhs.content == rhs.content
    }

    /// False when a decoder with a `contentWindow` kept only the first bytes of a longer content;
    /// `header.contentLength` is then the declared (and received) length, and `encoded` is not
    /// the frame that arrived.
    public var isContentComplete: Bool { content.count == header.contentLength }

    /// Content bytes received but not kept (0 unless the decoder had a `contentWindow`).
    public var omittedContentBytes: Int { header.contentLength - content.count }

    /// True when the content is JSON text (`content-type: text/json`).
    public var isJSON: Bool { header.contentType == "text/json" }

    /// The content decoded per its header: a JSON object for text/json, else nil.
    public func jsonContent(limits: FrameLimits = .default) throws(FrameError) -> JSONValue {
        let text = try TextCodec.utf8(content, encoding: header.contentEncoding)
        let value: JSONValue
        do {
            value = try JSONParser.parse(text, maxDepth: limits.maxJSONDepth)
        } catch {
            throw .contentNotJSON(error)
        }
        guard case .object = value else { throw .contentNotObject(found: value.kindDescription) }
        return value
    }
}
