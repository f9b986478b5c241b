/// Decodes content with the encoding its header names, as Python's codec lookup would.
///
/// Only the encodings a text/json peer plausibly sends are known; any other name is an error
/// with the name in it, rather than a guess.
public enum TextCodec {
    /// Decodes `bytes` with the encoding called `name` (case-insensitive; `utf-8`, `utf8`, `ascii`,
    /// `latin-1` and their usual aliases).
    public static func decode(_ bytes: [UInt8], encoding name: String) throws(FrameError) -> String {
        switch normalized(name) {
        case "utf8", "u8", "utf", "cp65001":
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            throw .contentNotDecodable(encoding: name, offset: firstInvalidUTF8Offset(bytes) ?? 0)
        case "ascii", "usascii", "646":
            if let bad = bytes.firstIndex(where: { $0 >= 0x80 }) {
                throw .contentNotDecodable(encoding: name, offset: bad)
            }
            return String(decoding: bytes, as: UTF8.self)
        case "latin1", "latin", "iso88591", "l1", "8859", "cp819":
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
            return String(scalars)
        default:
            throw .unknownEncoding(name)
        }
    }

    /// `decode` as UTF-8 bytes: the same checks and errors, but UTF-8 and ASCII content comes back
    /// as the very array it came in (no string is built), which is what JSON parsing wants.
    public static func utf8(_ bytes: [UInt8], encoding name: String) throws(FrameError) -> [UInt8] {
        let isUTF8 = name == "utf-8" || ["utf8", "u8", "utf", "cp65001"].contains(normalized(name))
        if isUTF8 || ["ascii", "usascii", "646"].contains(normalized(name)) {
            if isASCII(bytes) { return bytes }
            guard isUTF8 else {
                throw .contentNotDecodable(encoding: name, offset: bytes.firstIndex(where: { $0 >= 0x80 }) ?? 0)
            }
            if String(validating: bytes, as: UTF8.self) != nil { return bytes }
            throw .contentNotDecodable(encoding: name, offset: firstInvalidUTF8Offset(bytes) ?? 0)
        }
        return Array(try decode(bytes, encoding: name).utf8)
    }

    /// True when every byte is below 0x80 (so the bytes are valid UTF-8 as they are).
    public static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isASCII($0) }
    }

    /// `isASCII` of bytes anywhere: eight at a time, then the rest one by one.
    static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt64 = 0
        var i = 0
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= buffer.count {
                any |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i += 8
            }
        }
        while i < buffer.count {
            any |= UInt64(buffer[i])
            i += 1
        }
        return any & 0x8080_8080_8080_8080 == 0
    }

    /// Python normalises codec names by case and by dropping `-`, `_` and spaces.
    private static func normalized(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
    }

    /// Offset of the first byte that makes `bytes` invalid UTF-8, or nil when it is valid.
    public static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }
}
