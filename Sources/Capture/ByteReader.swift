/// Bounds-checked reads from a byte array in either byte order: every structure in a capture file
/// is read through it, so a length that points past the end is an error, never a trap.
struct ByteReader {
    let bytes: [UInt8]
    var littleEndian: Bool

    init(_ bytes: [UInt8], littleEndian: Bool = true) {
        self.bytes = bytes
        self.littleEndian = littleEndian
    }

    func has(_ count: Int, at offset: Int) -> Bool {
        offset >= 0 && count >= 0 && offset <= bytes.count && count <= bytes.count - offset
    }

    func u16(_ offset: Int) -> UInt16? {
        guard has(2, at: offset) else { return nil }
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return littleEndian ? b << 8 | a : a << 8 | b
    }

    func u32(_ offset: Int) -> UInt32? {
        guard has(4, at: offset) else { return nil }
        let a = UInt32(bytes[offset]), b = UInt32(bytes[offset + 1]), c = UInt32(bytes[offset + 2]), d = UInt32(bytes[offset + 3])
        return littleEndian ? d << 24 | c << 16 | b << 8 | a : a << 24 | b << 16 | c << 8 | d
    }

    /// Network order (big-endian) regardless of the file's order: for packet headers.
    static func be16(_ bytes: ArraySlice<UInt8>, _ offset: Int) -> UInt16? {
        let i = bytes.startIndex + offset
        guard offset >= 0, i + 2 <= bytes.endIndex else { return nil }
        return UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
    }

    static func be32(_ bytes: ArraySlice<UInt8>, _ offset: Int) -> UInt32? {
        let i = bytes.startIndex + offset
        guard offset >= 0, i + 4 <= bytes.endIndex else { return nil }
        return UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
    }
}
