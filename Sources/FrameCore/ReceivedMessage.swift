/// A decoded message whose header and content may still lie in the bytes the caller read: what
/// `FrameDecoder.nextInPlace(feeding:)` gives, so a server that answers from them and lets them
/// go copies nothing out (no array for the header, none for the content).
///
/// Valid only while the bytes passed to `nextInPlace(feeding:)` are (for a connection handler:
/// until its read callback returns); `message` copies it into a `Message` that outlives them.
public struct ReceivedMessage {
    public let header: JSONHeader
    /// Decoded from the decoder's buffer: the message's own bytes (empty when in place).
    private let ownedHeaderBytes: [UInt8]
    private let ownedContent: [UInt8]
    /// Decoded straight from the caller's bytes: where its header and content are in them. (Not an
    /// enum of the two cases: an enum with a payload to release makes every copy and destroy of
    /// this struct go through value witnesses.)
    private let place: (headerBytes: UnsafeBufferPointer<UInt8>, content: UnsafeBufferPointer<UInt8>)?

    init(_ message: Message) {
        header = message.header
        ownedHeaderBytes = message.headerBytes
        ownedContent = message.content
        place = nil
    }

    init(header: JSONHeader, headerBytes: UnsafeBufferPointer<UInt8>, content: UnsafeBufferPointer<UInt8>) {
        self.header = header
        ownedHeaderBytes = []
        ownedContent = []
        place = (headerBytes, content)
    }

    /// The message, as `next(feeding:)` would have returned it (copied out when it is in place).
    public var message: Message {
        guard let place else { return Message(header: header, headerBytes: ownedHeaderBytes, content: ownedContent) }
        return Message(header: header, headerBytes: Array(place.headerBytes), content: Array(place.content))
    }

    /// True when the content is JSON text (`content-type: text/json`), as `Message.isJSON`.
    public var isJSON: Bool { header.contentType == "text/json" }

    /// True when the message lies in the caller's bytes rather than in arrays of its own.
    public var isInPlace: Bool { place != nil }

    /// Calls `body` with the content's bytes, wherever they are.
    public func withContent<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        guard let place else { return try ownedContent.withUnsafeBufferPointer(body) }
        return try body(place.content)
    }
}
