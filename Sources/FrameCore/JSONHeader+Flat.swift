/// The fast path of `JSONHeader.parse`: a valid header made of scalar members (the four required
/// keys and any extra ones), read with `FlatJSONReader` in one pass over its bytes.
///
/// It builds exactly what `parseTree` builds — the same members with the same spans, the same
/// values — but without the `JSONValue` tree, the per-key `String`s of the required keys and the
/// four lookups by key, which were most of the server's instructions per request. It answers nil
/// for anything it does not handle or that is not a valid header (a missing key, a wrong kind, a
/// length over the limit, an escape, a nested value): `parseTree` then decides, so every error
/// keeps its exact wording. The fuzz target checks `readFlat` against `parseTree` on every input.
extension JSONHeader {
    static func readFlat(_ bytes: [UInt8], limits: FrameLimits) -> JSONHeader? {
        // The full parser refuses an object when the depth limit is below 1.
        guard limits.maxJSONDepth >= 1 else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> JSONHeader? in
            var reader = FlatJSONReader(buffer)
            var members: [JSONMember] = []
            members.reserveCapacity(4)
            // Index in `members` of each required key's last occurrence (the last one wins, as in
            // Python's `json.loads` and `JSONValue`'s subscript).
            var byteorderAt = -1, typeAt = -1, encodingAt = -1, lengthAt = -1
            var lengthText: Range<Int> = 0..<0
            while true {
                let member: FlatJSONReader.Member
                switch reader.next() {
                case .unsupported: return nil
                case .end:
                    guard byteorderAt >= 0, typeAt >= 0, encodingAt >= 0, lengthAt >= 0,
                          case let .string(byteorder) = members[byteorderAt].value, byteorder == "little" || byteorder == "big",
                          case let .string(contentType) = members[typeAt].value,
                          case let .string(contentEncoding) = members[encodingAt].value,
                          case .number = members[lengthAt].value,
                          let length = Self.decimal(UnsafeBufferPointer(rebasing: buffer[lengthText])),
                          length <= limits.maxContentLength
                    else { return nil }
                    return JSONHeader(byteorder: byteorder, contentType: contentType, contentEncoding: contentEncoding,
                                      contentLength: length, members: members)
                case let .member(found):
                    member = found
                }
                let key: String
                let keyText = member.keyText
                if reader.text(keyText, is: "byteorder") {
                    key = "byteorder"
                    byteorderAt = members.count
                } else if reader.text(keyText, is: "content-type") {
                    key = "content-type"
                    typeAt = members.count
                } else if reader.text(keyText, is: "content-encoding") {
                    key = "content-encoding"
                    encodingAt = members.count
                } else if reader.text(keyText, is: "content-length") {
                    key = "content-length"
                    lengthAt = members.count
                    lengthText = member.valueText
                } else {
                    key = String(decoding: UnsafeBufferPointer(rebasing: buffer[keyText]), as: UTF8.self)
                }
                members.append(JSONMember(key: key, value: value(of: member, in: buffer, reader: reader),
                                          keyRange: member.keyRange, valueRange: member.valueRange))
            }
        }
    }

    /// The `JSONValue` `JSONParser` gives for a member's value.
    private static func value(of member: FlatJSONReader.Member, in buffer: UnsafeBufferPointer<UInt8>,
                              reader: FlatJSONReader) -> JSONValue {
        let text = UnsafeBufferPointer(rebasing: buffer[member.valueText])
        switch member.kind {
        case .string:
            // The protocol's own values come back as literals: building a `String` from bytes
            // costs more than comparing them with a few known ones.
            for known in knownValues where reader.text(member.valueText, is: known.bytes) {
                return .string(known.text)
            }
            return .string(String(decoding: text, as: UTF8.self))
        case .number: return .number(String(decoding: text, as: UTF8.self))
        case .literal:
            switch text.first {
            case UInt8(ascii: "t"): return .bool(true)
            case UInt8(ascii: "f"): return .bool(false)
            default: return .null
            }
        }
    }

    /// The values PROTOCOL.md's peers put in a header.
    private static let knownValues: [(bytes: StaticString, text: String)] = [
        ("little", "little"), ("big", "big"), ("text/json", "text/json"), ("utf-8", "utf-8"), ("binary", "binary"),
        ("binary/custom-client-binary-type", "binary/custom-client-binary-type"),
        ("binary/custom-server-binary-type", "binary/custom-server-binary-type"),
    ]

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
