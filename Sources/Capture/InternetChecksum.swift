/// The one's-complement sum of 16-bit words used by IPv4 and TCP (RFC 1071).
enum InternetChecksum {
    /// Adds `bytes` (as big-endian 16-bit words, an odd last byte padded with zero) to `sum`.
    /// Folds as it goes so a 64 KiB segment cannot overflow the accumulator.
    static func add(_ bytes: ArraySlice<UInt8>, to sum: UInt32) -> UInt32 {
        var sum = UInt64(sum)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i + 1 < end {
            sum += UInt64(bytes[i]) << 8 | UInt64(bytes[i + 1])
            i += 2
        }
        if i < end { sum += UInt64(bytes[i]) << 8 }
        while sum > 0xFFFF_FFFF { sum = (sum & 0xFFFF_FFFF) + (sum >> 32) }
        return UInt32(sum)
    }

    static func finish(_ sum: UInt32) -> UInt16 {
        var folded = sum
        while folded > 0xFFFF { folded = (folded & 0xFFFF) + (folded >> 16) }
        return ~UInt16(folded)
    }
}
