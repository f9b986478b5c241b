import FrameCore

/// Ready-made bad frames for the workshop: send one and watch the server close that connection
/// with its reason while the others carry on.
public enum MalformedPreset: String, Sendable, CaseIterable {
    /// A proto-header announcing 0xFFFF header bytes, followed by far fewer.
    case length
    /// A JSON header that is not JSON.
    case json
    /// A header without `content-length`.
    case key
    /// A header announcing 100 bytes of content, then 10 bytes and a half-close.
    case truncated

    public var summary: String {
        switch self {
        case .length: return "proto-header says 65535, 5 bytes follow"
        case .json: return "JSON header is not JSON"
        case .key: return "JSON header lacks content-length"
        case .truncated: return "content-length 100, only 10 bytes sent"
        }
    }

    public var bytes: [UInt8] {
        func frame(_ header: String, _ content: [UInt8] = []) -> [UInt8] {
            let h = Array(header.utf8)
            return [UInt8(h.count >> 8), UInt8(h.count & 0xFF)] + h + content
        }
        switch self {
        case .length:
            return [0xFF, 0xFF] + Array("{\"by".utf8)
        case .json:
            return frame("{byteorder: little, oops}")
        case .key:
            return frame("{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\"}")
        case .truncated:
            return frame("{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 100}",
                         Array("only 10 b.".utf8))
        }
    }
}
