/// The part of a framed message a byte belongs to.
///
/// The TUI colours every byte of a dump by its part, so the classification is part of the
/// protocol core rather than of the view: it follows from the wire format alone.
public enum FramePart: String, Sendable, Hashable, CaseIterable {
    /// The 2-byte big-endian length of the JSON header.
    case protoHeader = "proto-header"
    /// The UTF-8 JSON header.
    case jsonHeader = "JSON header"
    /// The payload, `content-length` bytes.
    case content = "content"
    /// Bytes the decoder did not interpret: after a framing error, or after the one message
    /// a connection carries.
    case unparsed = "unparsed"
}
