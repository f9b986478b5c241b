/// Everything that can be wrong with a framed message, each with the offending value.
///
/// Errors end one connection, never the server, and the reason is shown to a person (a log line,
/// the TUI's event log, the client's one-line error), so `description` is a full sentence. The
/// values it quotes came from a peer, so the sentence is passed through `PythonRepr.escaped`:
/// a content-encoding of `"\u001b]0;title\u0007"` is shown as `\x1b]0;title\x07`, never sent raw.
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The proto-header declared a JSON header of zero bytes.
    case emptyHeader
    /// The proto-header declared a JSON header longer than the limit.
    case headerTooLong(length: Int, limit: Int)
    /// The JSON header is not valid UTF-8; `offset` is the first bad byte within the header.
    case headerNotUTF8(offset: Int)
    /// The JSON header is not JSON.
    case headerNotJSON(JSONParseError)
    /// The JSON header is JSON, but not an object.
    case headerNotObject(found: String)
    /// A required key of the JSON header is missing.
    case missingHeaderKey(String)
    /// A header key has a value of the wrong kind, e.g. `"byteorder": 7`.
    case invalidHeaderValue(key: String, value: String, expected: String)
    /// `content-length` is not a non-negative integer; `value` is its JSON text.
    case invalidContentLength(value: String)
    /// `content-length` is above the limit.
    case contentTooLarge(length: Int, limit: Int)
    /// `content-encoding` names an encoding this implementation does not know.
    case unknownEncoding(String)
    /// The content cannot be decoded with the declared encoding.
    case contentNotDecodable(encoding: String, offset: Int)
    /// JSON content (`text/json`) is not JSON.
    case contentNotJSON(JSONParseError)
    /// JSON content is JSON, but not an object.
    case contentNotObject(found: String)
    /// The stream ended inside a message.
    case truncated(part: FramePart, have: Int, need: Int)

    public var description: String { PythonRepr.escaped(sentence) }

    /// Longest peer value an error sentence quotes, in UTF-8 bytes once escaped: a header can
    /// carry a 65,535-byte value, and a server logs one sentence per bad connection (escaping made
    /// such a line up to 160 KB).
    public static let maxQuotedBytes = 200

    /// A peer's value for a sentence: escaped, and cut after `maxQuotedBytes` with how much was left out.
    private static func quoted(_ value: String) -> String {
        PythonRepr.escaped(value, maxBytes: maxQuotedBytes)
    }

    private var sentence: String {
        switch self {
        case .emptyHeader:
            return "the proto-header declares a JSON header of 0 bytes, but a header must be a JSON object"
        case let .headerTooLong(length, limit):
            return "the proto-header declares a JSON header of \(length) bytes, above the limit of \(limit)"
        case let .headerNotUTF8(offset):
            return "the JSON header is not valid UTF-8 (bad byte at header offset \(offset))"
        case let .headerNotJSON(error):
            return "the JSON header is not valid JSON: \(error)"
        case let .headerNotObject(found):
            return "the JSON header must be a JSON object, but it is \(found)"
        case let .missingHeaderKey(key):
            return "the JSON header lacks the required key \"\(Self.quoted(key))\""
        case let .invalidHeaderValue(key, value, expected):
            return "the JSON header's \"\(Self.quoted(key))\" is \(Self.quoted(value)), but it must be \(expected)"
        case let .invalidContentLength(value):
            return "the JSON header's \"content-length\" is \(Self.quoted(value)), but it must be a non-negative integer"
        case let .contentTooLarge(length, limit):
            let amount = length == Int.max ? "more than 10^18" : String(length)
            return "the JSON header declares \(amount) bytes of content, above the limit of \(limit)"
        case let .unknownEncoding(name):
            return "the content-encoding \"\(Self.quoted(name))\" is not one this server can decode (utf-8, ascii, latin-1)"
        case let .contentNotDecodable(encoding, offset):
            return "the content is not valid \(Self.quoted(encoding)) (bad byte at content offset \(offset))"
        case let .contentNotJSON(error):
            return "the text/json content is not valid JSON: \(error)"
        case let .contentNotObject(found):
            return "the text/json content must be a JSON object, but it is \(found)"
        case let .truncated(part, have, need):
            return "the stream ended inside the \(part.rawValue) (\(have) of \(need) bytes)"
        }
    }
}
