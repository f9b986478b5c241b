/// The fast path of `JSONHeader.parse`: a valid header made of scalar members (the four required
/// keys and any extra ones), read with `FlatJSONReader` in one pass over its bytes.
///
/// It gives what `parseTree` gives — the same values and, when asked, the same members with the
/// same spans — without the `JSONValue` tree, a `String` per key and the four lookups by key,
/// which were most of the server's instructions per request; members are built only when someone
/// asks for them (`flatMembers`). It answers nil for anything it does not handle or that is not a
/// valid header (a missing key, a wrong kind, a length over the limit, an escape, a nested value):
/// `parseTree` then decides, so every error keeps its exact wording. The fuzz target checks
/// `readFlat` against `parseTree` on every input.
extension JSONHeader {
    static func readFlat(_ bytes: [UInt8], limits: FrameLimits) -> JSONHeader? {
        readCanonical(bytes, limits: limits) ?? readMembers(bytes, limits: limits)
    }

    /// A header in the form every peer writes (`encoded`, the tutorial's `json.dumps`):
    /// `{"byteorder": "little", "content-type": "…", "content-encoding": "…", "content-length": N}`,
    /// these keys in this order, these separators, nothing after. Read as four compares of
    /// constant bytes, two strings and a number; nil for any other form (then `readMembers`).
    ///
    /// When it answers, `readMembers` answers the same: each constant piece is what its member loop
    /// reads as the opening brace, a plain key, a colon, a comma and a space, the values are read
    /// by the same scanners, and there is one of each key. And the bytes are exactly the header's
    /// `encoded` (strings without quotes, backslashes or control characters are written as they
    /// are, a content-length without leading zeros as `String(Int)` writes it), so the header keeps
    /// no bytes for its members. `FlatJSONReaderTests` and the fuzz target check both.
    static func readCanonical(_ bytes: [UInt8], limits: FrameLimits) -> JSONHeader? {
        bytes.withUnsafeBufferPointer { readCanonical($0, limits: limits) }
    }

    /// `readCanonical` of bytes that need not be in an array (`FrameDecoder.nextInPlace(feeding:)`).
    static func readCanonical(_ buffer: UnsafeBufferPointer<UInt8>, limits: FrameLimits) -> JSONHeader? {
        // The full parser refuses an object when the depth limit is below 1 (so does `readMembers`).
        guard limits.maxJSONDepth >= 1 else { return nil }
        var reader = FlatJSONReader(buffer)
        let order: String
        if reader.skip(#"{"byteorder": "little", "content-type": "#) {
            order = "little"
        } else if reader.skip(#"{"byteorder": "big", "content-type": "#) {
            order = "big"
        } else {
            return nil
        }
        let contentType: String, contentEncoding: String
        if reader.skip(#""text/json", "content-encoding": "utf-8", "content-length": "#) {
            // A JSON request's values, the usual header: one more compare instead of two strings.
            contentType = "text/json"
            contentEncoding = "utf-8"
        } else {
            guard let type = reader.string(), reader.skip(#", "content-encoding": "#),
                  let encoding = reader.string(), reader.skip(#", "content-length": "#)
            else { return nil }
            contentType = string(type.lowerBound + 1..<type.upperBound - 1, in: buffer, reader)
            contentEncoding = string(encoding.lowerBound + 1..<encoding.upperBound - 1, in: buffer, reader)
        }
        guard let length = canonicalLength(buffer, from: reader.position), length <= limits.maxContentLength else { return nil }
        return JSONHeader(byteorder: order, contentType: contentType, contentEncoding: contentEncoding,
                          contentLength: length, canonical: ())
    }

    /// The content-length that ends a canonical header: the digits from `start` to the closing
    /// brace, the last byte. What the member loop and `decimal` accept there, and nothing else:
    /// 1 to 18 digits, no leading zero (JSON's number grammar; `decimal` refuses a sign, a
    /// fraction, an exponent and more digits).
    private static func canonicalLength(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let end = buffer.count - 1  // the closing brace
        guard start < end, end - start <= 18, buffer[end] == UInt8(ascii: "}"),
              buffer[start] != UInt8(ascii: "0") || end - start == 1
        else { return nil }
        var value = 0
        for i in start..<end {
            let digit = buffer[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// `readFlat` for a header in any form: member by member, keys in any order, any whitespace,
    /// extra scalar members.
    static func readMembers(_ bytes: [UInt8], limits: FrameLimits) -> JSONHeader? {
        guard limits.maxJSONDepth >= 1 else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> JSONHeader? in
            var reader = FlatJSONReader(buffer)
            // Each required key's last occurrence (the last one wins, as in Python's `json.loads`
            // and `JSONValue`'s subscript).
            var byteorder: FlatJSONReader.Member?
            var contentType: FlatJSONReader.Member?
            var contentEncoding: FlatJSONReader.Member?
            var contentLength: FlatJSONReader.Member?
            scan: while true {
                switch reader.next() {
                case .unsupported: return nil
                case .end: break scan
                case let .member(member):
                    let key = member.keyText
                    if reader.text(key, is: "byteorder") {
                        byteorder = member
                    } else if reader.text(key, is: "content-type") {
                        contentType = member
                    } else if reader.text(key, is: "content-encoding") {
                        contentEncoding = member
                    } else if reader.text(key, is: "content-length") {
                        contentLength = member
                    }
                }
            }
            guard let byteorder, byteorder.kind == .string,
                  let contentType, contentType.kind == .string,
                  let contentEncoding, contentEncoding.kind == .string,
                  let contentLength, contentLength.kind == .number,
                  let length = decimal(UnsafeBufferPointer(rebasing: buffer[contentLength.valueText])),
                  length <= limits.maxContentLength
            else { return nil }
            let order: String
            if reader.text(byteorder.valueText, is: "little") {
                order = "little"
            } else if reader.text(byteorder.valueText, is: "big") {
                order = "big"
            } else {
                return nil
            }
            return JSONHeader(byteorder: order, contentType: string(contentType.valueText, in: buffer, reader),
                              contentEncoding: string(contentEncoding.valueText, in: buffer, reader), contentLength: length, flat: bytes)
        }
    }

    /// The members `parseTree` gives, for a header `readFlat` accepted.
    static func flatMembers(_ bytes: [UInt8]) -> [JSONMember] {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = FlatJSONReader(buffer)
            var members: [JSONMember] = []
            while case let .member(member) = reader.next() {
                let key = String(decoding: UnsafeBufferPointer(rebasing: buffer[member.keyText]), as: UTF8.self)
                let value: JSONValue
                switch member.kind {
                case .string: value = .string(string(member.valueText, in: buffer, reader))
                case .number: value = .number(String(decoding: UnsafeBufferPointer(rebasing: buffer[member.valueText]), as: UTF8.self))
                case .literal:
                    switch buffer[member.valueRange.lowerBound] {
                    case UInt8(ascii: "t"): value = .bool(true)
                    case UInt8(ascii: "f"): value = .bool(false)
                    default: value = .null
                    }
                }
                members.append(JSONMember(key: key, value: value, keyRange: member.keyRange, valueRange: member.valueRange))
            }
            return members
        }
    }

    /// A string member's value. The protocol's own values come back as literals: building a
    /// `String` from bytes costs more than comparing them with a few known ones.
    private static func string(_ text: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>, _ reader: FlatJSONReader) -> String {
        if reader.text(text, is: "text/json") { return "text/json" }
        if reader.text(text, is: "utf-8") { return "utf-8" }
        if reader.text(text, is: "binary") { return "binary" }
        if reader.text(text, is: "binary/custom-client-binary-type") { return "binary/custom-client-binary-type" }
        if reader.text(text, is: "binary/custom-server-binary-type") { return "binary/custom-server-binary-type" }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[text]), as: UTF8.self)
    }

    /// A content-length as `parseTree` accepts it: 1 to 18 decimal digits (no sign, fraction or
    /// exponent); nil otherwise.
    private static func decimal(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
