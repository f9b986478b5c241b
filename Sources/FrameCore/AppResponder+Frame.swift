/// The server's hot path: the reply to a request as the bytes to send, written straight into one
/// array instead of built as a `Message` (a `JSONValue` tree for the request, `String`s for the
/// result and the header, then a copy into the frame).
///
/// `replyFrame(to:)` is byte for byte `reply(to:).encoded` — the same bytes `app-server.py` sends —
/// and throws the same errors: a search request whose content is a flat JSON object with string
/// `action` and `value` and no escapes (what every client sends) and any binary request are
/// written here; anything else (a number as value, an escape, a missing key, bad JSON) goes
/// through `reply(to:)`. The header's constant part is encoded once; a search that hits the
/// table answers with a frame encoded once. The fuzz target checks both ways agree on every input.
extension AppResponder {
    /// The reply to `request`, framed: proto-header, JSON header, content.
    public static func replyFrame(to request: Message, limits: FrameLimits = .default) throws(FrameError) -> [UInt8] {
        guard request.isJSON else {
            return request.content.withUnsafeBufferPointer { binaryFrame($0) }
        }
        let text = try TextCodec.utf8(request.content, encoding: request.header.contentEncoding)
        if limits.maxJSONDepth >= 1, let frame = text.withUnsafeBufferPointer({ searchFrame($0) }) { return frame }
        return try reply(to: request, limits: limits).encoded
    }

    /// `replyFrame(to: request.message)`, without copying out a request that is still in the bytes
    /// read: a binary request, or a search in UTF-8 (named `utf-8`) and ASCII, whose text
    /// `TextCodec.utf8` would return as it is, is answered from its bytes; anything else from
    /// `request.message` by the function above.
    public static func replyFrame(to request: borrowing ReceivedMessage, limits: FrameLimits = .default) throws(FrameError) -> [UInt8] {
        let isJSON = request.isJSON
        let namesUTF8 = request.header.contentEncoding == "utf-8"
        let frame = request.withContent { content -> [UInt8]? in
            guard isJSON else { return binaryFrame(content) }
            guard namesUTF8, limits.maxJSONDepth >= 1, TextCodec.isASCII(content) else { return nil }
            return searchFrame(content)
        }
        if let frame { return frame }
        return try replyFrame(to: request.message, limits: limits)
    }

    /// The reply to a binary request: the prefix and its first ten bytes.
    private static func binaryFrame(_ content: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let kept = min(content.count, 10)
        return binaryPrefixBytes.withUnsafeBufferPointer { prefix in
            frame(binaryHeaderStart, contentParts: prefix, UnsafeBufferPointer(rebasing: content[..<kept]), nil,
                  contentCount: prefix.count + kept)
        }
    }

    /// The frame for a flat search request in UTF-8 `text`, or nil when `reply(to:)` must decide.
    private static func searchFrame(_ buffer: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var reader = FlatJSONReader(buffer)
        // The form every client writes, `{"action": "search", "value": "…"}`: one compare of
        // constant bytes and the value's string, what the member loop below reads of it.
        if reader.skip(#"{"action": "search", "value": "#), let value = reader.string(), reader.skip("}"), reader.isAtEnd {
            return searchReply(UnsafeBufferPointer(rebasing: buffer[value.lowerBound + 1..<value.upperBound - 1]))
        }
        reader = FlatJSONReader(buffer)
        var action: FlatJSONReader.Member?
        var value: FlatJSONReader.Member?
        scan: while true {
            switch reader.next() {
            case .unsupported: return nil
            case .end: break scan
            case let .member(member):
                // The last of duplicate keys wins, as in Python's `json.loads`.
                if reader.text(member.keyText, is: "action") {
                    action = member
                } else if reader.text(member.keyText, is: "value") {
                    value = member
                }
            }
        }
        guard let action, action.kind == .string else { return nil }
        guard reader.text(action.valueText, is: "search") else {
            return resultFrame("Error: invalid action '", UnsafeBufferPointer(rebasing: buffer[action.valueText]), "'.")
        }
        guard let value, value.kind == .string else { return nil }
        return searchReply(UnsafeBufferPointer(rebasing: buffer[value.valueText]))
    }

    /// The reply to a search for `query`, a JSON string's content without escapes.
    private static func searchReply(_ query: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        for hit in searchHitFrames where hit.query.count == query.count {
            let same = hit.query.withUnsafeBytes { known in
                sameBytes(known, UnsafeRawBufferPointer(query))
            }
            if same { return hit.frame }
        }
        return resultFrame("No match for '", query, "'.")
    }

    /// Whether two byte buffers of the same length hold the same bytes.
    private static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < a.count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// A text/json reply `{"result": "BEFORE TEXT AFTER"}`. `text` is a JSON string's content
    /// without escapes or control characters, so Python's `json.dumps` would write it unchanged.
    private static func resultFrame(_ before: StaticString, _ text: UnsafeBufferPointer<UInt8>, _ after: StaticString) -> [UInt8] {
        let open = "{\"result\": \"" as StaticString, close = "\"}" as StaticString
        let first = UnsafeBufferPointer(start: before.utf8Start, count: before.utf8CodeUnitCount)
        let last = UnsafeBufferPointer(start: after.utf8Start, count: after.utf8CodeUnitCount)
        var content: [UInt8] = []
        content.reserveCapacity(open.utf8CodeUnitCount + first.count + text.count + last.count + close.utf8CodeUnitCount)
        content.append(contentsOf: UnsafeBufferPointer(start: open.utf8Start, count: open.utf8CodeUnitCount))
        content.append(contentsOf: first)
        content.append(contentsOf: text)
        content.append(contentsOf: last)
        content.append(contentsOf: UnsafeBufferPointer(start: close.utf8Start, count: close.utf8CodeUnitCount))
        return content.withUnsafeBufferPointer { bytes in
            frame(jsonHeaderStart, contentParts: bytes, nil, nil, contentCount: bytes.count)
        }
    }

    /// Proto-header, `headerStart` (the JSON header up to `"content-length": `), the length's
    /// digits, `}`, then the content parts in order.
    private static func frame(_ headerStart: [UInt8], contentParts a: UnsafeBufferPointer<UInt8>?,
                              _ b: UnsafeBufferPointer<UInt8>?, _ c: UnsafeBufferPointer<UInt8>?, contentCount: Int) -> [UInt8] {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for any Int's decimal digits
        return withUnsafeMutableBytes(of: &digits) { scratch -> [UInt8] in
            var n = contentCount
            var start = scratch.count
            repeat {
                start -= 1
                scratch[start] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            let lengthDigits = UnsafeRawBufferPointer(rebasing: scratch[start...])
            let headerCount = headerStart.count + lengthDigits.count + 1
            var frame: [UInt8] = []
            frame.reserveCapacity(2 + headerCount + contentCount)
            frame.append(UInt8(headerCount >> 8))
            frame.append(UInt8(headerCount & 0xFF))
            frame.append(contentsOf: headerStart)
            frame.append(contentsOf: lengthDigits)
            frame.append(UInt8(ascii: "}"))
            if let a { frame.append(contentsOf: a) }
            if let b { frame.append(contentsOf: b) }
            if let c { frame.append(contentsOf: c) }
            return frame
        }
    }

    /// `JSONHeader.encoded` of a reply up to its length's digits: the same writer, run once.
    private static func headerStart(contentType: String, contentEncoding: String) -> [UInt8] {
        let header = JSONHeader(byteorder: Message.hostByteOrder, contentType: contentType, contentEncoding: contentEncoding, contentLength: 0)
        return Array(header.encoded.dropLast(2))  // "0}"
    }

    private static let jsonHeaderStart = headerStart(contentType: "text/json", contentEncoding: "utf-8")
    private static let binaryHeaderStart = headerStart(contentType: binaryReplyType, contentEncoding: "binary")
    private static let binaryPrefixBytes = Array(binaryReplyPrefix.utf8)

    /// The reply to each query the table knows, encoded once by `reply(to:)` itself.
    private static let searchHitFrames: [(query: [UInt8], frame: [UInt8])] = searchTable.keys.sorted().map { query in
        (Array(query.utf8), try! reply(to: AppRequest.search(query).message()).encoded)
    }
}
