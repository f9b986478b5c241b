/// The JSON header of a framed message: the four required keys, validated, plus every member as
/// sent (extra keys included) with its byte span inside the header.
public struct JSONHeader: Equatable, Sendable {
    /// The sender's CPU byte order, `"little"` or `"big"`.
    public var byteorder: String
    public var contentType: String
    public var contentEncoding: String
    public var contentLength: Int

    /// All members in wire order, with spans relative to the first byte of the JSON header.
    ///
    /// A header read by `readFlat` keeps its bytes and builds its members when asked: the server
    /// never asks (it answers from the four values above), a viewer asks for the messages it shows.
    public var members: [JSONMember] {
        get {
            switch memberSource {
            case let .given(members): return members
            case let .flat(bytes): return Self.flatMembers(bytes)
            case .encoded: return Self.flatMembers(encoded)
            }
        }
        set { memberSource = .given(newValue) }
    }

    /// Where `members` come from.
    private enum MemberSource: Sendable {
        case given([JSONMember])
        /// A header `readFlat` accepted, as it was on the wire.
        case flat([UInt8])
        /// A header `readCanonical` accepted: on the wire it was exactly `encoded`, so it keeps no bytes.
        case encoded
    }

    private var memberSource: MemberSource

    /// The keys every header must carry, in the order the tutorial's receiver checks them.
    public static let requiredKeys = ["byteorder", "content-length", "content-type", "content-encoding"]

    public init(byteorder: String, contentType: String, contentEncoding: String, contentLength: Int, members: [JSONMember] = []) {
        self.byteorder = byteorder
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.contentLength = contentLength
        memberSource = .given(members)
    }

    /// A header `readFlat` read from `bytes`, its members left in them.
    init(byteorder: String, contentType: String, contentEncoding: String, contentLength: Int, flat bytes: [UInt8]) {
        self.byteorder = byteorder
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.contentLength = contentLength
        memberSource = .flat(bytes)
    }

    /// A header `readCanonical` read from bytes that are exactly its `encoded`.
    init(byteorder: String, contentType: String, contentEncoding: String, contentLength: Int, canonical: Void) {
        self.byteorder = byteorder
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.contentLength = contentLength
        memberSource = .encoded
    }

    /// Equal values and equal members, however each header holds them.
    public static func == (lhs: JSONHeader, rhs: JSONHeader) -> Bool {
        lhs.byteorder == rhs.byteorder && lhs.contentType == rhs.contentType && lhs.contentEncoding == rhs.contentEncoding
            && lhs.contentLength == rhs.contentLength && lhs.members == rhs.members
    }

    /// Validates a received header: UTF-8, JSON, an object, every required key, each of the right
    /// kind, and the content-length within `limits`.
    ///
    /// A valid flat header (what every peer sends) is read straight from its bytes by `readFlat`;
    /// anything else, valid or not, goes through `parseTree`, which gives the same header or the
    /// exact error.
    public static func parse(_ bytes: [UInt8], limits: FrameLimits = .default) throws(FrameError) -> JSONHeader {
        if let header = readFlat(bytes, limits: limits) { return header }
        return try parseTree(bytes, limits: limits)
    }

    /// `parse` through the general JSON parser: the reference `readFlat` must agree with.
    static func parseTree(_ bytes: [UInt8], limits: FrameLimits) throws(FrameError) -> JSONHeader {
        if !TextCodec.isASCII(bytes), String(validating: bytes, as: UTF8.self) == nil {
            throw .headerNotUTF8(offset: TextCodec.firstInvalidUTF8Offset(bytes) ?? 0)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maxDepth: limits.maxJSONDepth)
        } catch {
            throw .headerNotJSON(error)
        }
        guard case let .object(members) = value else { throw .headerNotObject(found: value.kindDescription) }
        for key in requiredKeys where value[key] == nil {
            throw .missingHeaderKey(key)
        }
        func string(_ key: String) throws(FrameError) -> String {
            guard case let .string(s)? = value[key] else {
                throw .invalidHeaderValue(key: key, value: value[key]!.jsonText, expected: "a string")
            }
            return s
        }
        let byteorder = try string("byteorder")
        guard byteorder == "little" || byteorder == "big" else {
            throw .invalidHeaderValue(key: "byteorder", value: JSONValue.quoted(byteorder), expected: "\"little\" or \"big\"")
        }
        let contentType = try string("content-type")
        let contentEncoding = try string("content-encoding")
        let lengthValue = value["content-length"]!
        guard case let .number(text) = lengthValue, !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .invalidContentLength(value: lengthValue.jsonText)
        }
        // Digits only; anything longer than 18 digits is above every limit, so don't overflow Int.
        guard text.utf8.count <= 18, let length = Int(text) else {
            throw .contentTooLarge(length: Int.max, limit: limits.maxContentLength)
        }
        guard length <= limits.maxContentLength else {
            throw .contentTooLarge(length: length, limit: limits.maxContentLength)
        }
        return JSONHeader(byteorder: byteorder, contentType: contentType, contentEncoding: contentEncoding,
                          contentLength: length, members: members)
    }

    /// The header as the tutorial's sender writes it: keys in the order byteorder, content-type,
    /// content-encoding, content-length, `", "` and `": "` separators, UTF-8 unescaped.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(100 + contentType.utf8.count + contentEncoding.utf8.count)
        bytes.append(contentsOf: "{\"byteorder\": ".utf8)
        JSONValue.appendQuoted(byteorder, to: &bytes)
        bytes.append(contentsOf: ", \"content-type\": ".utf8)
        JSONValue.appendQuoted(contentType, to: &bytes)
        bytes.append(contentsOf: ", \"content-encoding\": ".utf8)
        JSONValue.appendQuoted(contentEncoding, to: &bytes)
        bytes.append(contentsOf: ", \"content-length\": ".utf8)
        bytes.append(contentsOf: String(contentLength).utf8)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
