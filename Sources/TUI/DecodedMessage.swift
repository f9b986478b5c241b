import FrameCore

/// A complete message seen on one direction of a connection, with where it starts in that
/// stream so its fields can be highlighted in the dump.
public struct DecodedMessage: Equatable, Sendable {
    /// 0-based position in its stream.
    public var index: Int
    public var direction: SessionEvent.Direction
    /// Stream offset of its proto-header's first byte.
    public var startOffset: Int
    public var header: JSONHeader
    /// The content, cut to `TUILimits.contentBytesPerMessage`.
    public var content: [UInt8]
    /// The full content length (the header's content-length).
    public var contentLength: Int

    /// Bytes of the JSON header, for offsets of its members.
    public var headerLength: Int

    /// How people count messages: the first is message 1.
    public var number: Int { index + 1 }
}
