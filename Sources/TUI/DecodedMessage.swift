import FrameCore

/// A complete message seen on one direction of a connection, with where it starts in that
/// stream so its fields can be highlighted in the dump.
///
/// It keeps a bounded window of the message, as it does of the content: the header's first
/// `maxFields` fields, each as display text of at most `maxFieldBytes`, and not the parsed JSON
/// tree. A 65,535-byte header holding 32,000 zeros parses into an 800 KB tree; kept for every
/// message of every stream the TUI lists (256 connections × 2 directions × 16 messages) that was
/// 6.7 GB, and every frame rebuilt a 65,000-character line from it.
public struct DecodedMessage: Equatable, Sendable {
    /// One JSON header member as the Decoded pane shows it.
    public struct HeaderField: Equatable, Sendable {
        /// The key as JSON text (quoted), cut to `maxFieldBytes`.
        public var name: String
        /// The value as JSON text, cut to `maxFieldBytes`.
        public var value: String
        /// Byte ranges inside the JSON header, for the dump's highlight.
        public var keyRange: Range<Int>
        public var valueRange: Range<Int>
    }

    /// Header fields kept per message.
    public static let maxFields = 32
    /// UTF-8 bytes kept of a field's key or value text, and of the header's string values.
    public static let maxFieldBytes = 256

    /// 0-based position in its stream.
    public var index: Int
    public var direction: SessionEvent.Direction
    /// Stream offset of its proto-header's first byte.
    public var startOffset: Int
    /// The validated header values (strings longer than `maxFieldBytes` cut); no members: see `fields`.
    public var header: JSONHeader
    /// The header's first `maxFields` members, in wire order.
    public var fields: [HeaderField]
    /// Members beyond `fields`, counted.
    public var omittedFields: Int
    /// The content, cut to `TUILimits.contentBytesPerMessage`.
    public var content: [UInt8]
    /// The full content length (the header's content-length).
    public var contentLength: Int

    /// Bytes of the JSON header, for offsets of its members.
    public var headerLength: Int

    /// How people count messages: the first is message 1.
    public var number: Int { index + 1 }

    /// Keeps the window of `message` described above; its content is taken as it is (the
    /// decoder already cut it).
    public init(index: Int, direction: SessionEvent.Direction, startOffset: Int, message: Message) {
        self.index = index
        self.direction = direction
        self.startOffset = startOffset
        let full = message.header
        header = JSONHeader(byteorder: Self.cut(full.byteorder), contentType: Self.cut(full.contentType),
                            contentEncoding: Self.cut(full.contentEncoding), contentLength: full.contentLength)
        fields = full.members.prefix(Self.maxFields).map { member in
            HeaderField(name: Self.cut(JSONValue.quoted(member.key)), value: Self.cut(member.value.jsonText),
                        keyRange: member.keyRange, valueRange: member.valueRange)
        }
        omittedFields = max(0, full.members.count - Self.maxFields)
        content = message.content
        contentLength = full.contentLength
        headerLength = message.headerBytes.count
    }

    /// `text` if it fits `maxFieldBytes`, else its first bytes (whole characters) and how many more there were.
    static func cut(_ text: String) -> String {
        let count = text.utf8.count
        guard count > maxFieldBytes else { return text }
        var kept = 0
        var prefix = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            guard kept + width <= maxFieldBytes else { break }
            prefix.append(scalar)
            kept += width
        }
        return String(prefix) + " … \(count - kept) more bytes"
    }
}
