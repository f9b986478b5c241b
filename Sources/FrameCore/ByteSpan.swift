/// A run of stream bytes that belong to one part of one message.
///
/// Offsets count from the first byte of the stream (one direction of one connection), so a span
/// stays true however the bytes were split into reads.
public struct ByteSpan: Equatable, Sendable {
    public var range: Range<Int>
    /// Index of the message within the stream, from 0.
    public var message: Int
    public var part: FramePart

    public init(range: Range<Int>, message: Int, part: FramePart) {
        self.range = range
        self.message = message
        self.part = part
    }
}
