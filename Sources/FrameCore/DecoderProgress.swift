/// Where the decoder stands inside the message it is reading, e.g. "JSON header 37/103 bytes".
///
/// The TUI shows it under a partial message so an audience sees the decoder wait for bytes.
public struct DecoderProgress: Equatable, Sendable, CustomStringConvertible {
    /// Index of the message being read, from 0.
    public var message: Int
    public var part: FramePart
    /// Bytes of this part buffered so far.
    public var have: Int
    /// Bytes this part needs; known once the part before it is read.
    public var need: Int

    public init(message: Int, part: FramePart, have: Int, need: Int) {
        self.message = message
        self.part = part
        self.have = have
        self.need = need
    }

    /// True between messages: nothing of the next one has arrived.
    public var isIdle: Bool { part == .protoHeader && have == 0 }

    public var description: String { "\(part.rawValue) \(have)/\(need) bytes" }
}
