/// Reads a flat JSON object member by member, straight from its UTF-8 bytes: no `JSONValue`
/// tree, no `String` per key, no allocation.
///
/// Why it exists: every request the server answers carries two small flat objects (the JSON
/// header and, for a search, the content), and building them as `JSONValue` trees with `String`
/// keys was most of the server's work per request (see Benchmarks/README.md). This reader finds
/// where each key and value stands; its callers (`JSONHeader.parse`, `AppResponder.replyFrame`)
/// compare and copy those bytes.
///
/// Deliberately partial: it accepts only a subset of JSON — one object; keys and string values
/// without escapes; numbers, `true`, `false`, `null`; whitespace anywhere JSON allows it — and
/// answers `.unsupported` for anything else, valid or not (a nested value, an escape, a syntax
/// error, a depth limit below 1). Callers then take the full `JSONParser`, which gives the exact
/// answer or the exact error; so whatever this reader accepts, `JSONParser` must accept with the
/// same members (the fuzz target checks it on every input, `FlatJSONReaderTests` on each rule).
struct FlatJSONReader {
    /// The kind of a member's value; strings are the only ones whose bytes callers read as text.
    enum Kind: Equatable {
        case string, number, literal
    }

    /// One `"key": value` pair: byte ranges within the object's text, quotes included, as
    /// `JSONMember` records them.
    struct Member {
        var keyRange: Range<Int>
        var valueRange: Range<Int>
        var kind: Kind
        /// The key's bytes without the quotes.
        var keyText: Range<Int> { keyRange.lowerBound + 1..<keyRange.upperBound - 1 }
        /// A string value's bytes without the quotes (for other kinds, the value's text).
        var valueText: Range<Int> {
            kind == .string ? valueRange.lowerBound + 1..<valueRange.upperBound - 1 : valueRange
        }
    }

    enum Step {
        case member(Member)
        /// The object closed, and nothing but whitespace follows it.
        case end
        /// Not in the subset this reader handles: use `JSONParser`.
        case unsupported
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var started = false

    /// A reader over `bytes`, valid while they are.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The next member, `.end` after the last one, or `.unsupported` (then and after).
    mutating func next() -> Step {
        if !started {
            started = true
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return unsupported() }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                return close()
            }
        } else {
            skipWhitespace()
            guard index < bytes.count else { return unsupported() }
            switch bytes[index] {
            case UInt8(ascii: "}"):
                return close()
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            default:
                return unsupported()
            }
        }
        guard let keyRange = string() else { return unsupported() }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return unsupported() }
        index += 1
        skipWhitespace()
        guard index < bytes.count else { return unsupported() }
        let valueStart = index
        let kind: Kind
        switch bytes[index] {
        case UInt8(ascii: "\""):
            guard string() != nil else { return unsupported() }
            kind = .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard number() else { return unsupported() }
            kind = .number
        case UInt8(ascii: "t"):
            guard literal("true") else { return unsupported() }
            kind = .literal
        case UInt8(ascii: "f"):
            guard literal("false") else { return unsupported() }
            kind = .literal
        case UInt8(ascii: "n"):
            guard literal("null") else { return unsupported() }
            kind = .literal
        default:
            return unsupported()
        }
        return .member(Member(keyRange: keyRange, valueRange: valueStart..<index, kind: kind))
    }

    /// Whether `range` of the text holds exactly the bytes of `word`.
    @inline(__always)
    func text(_ range: Range<Int>, is word: StaticString) -> Bool {
        range.count == word.utf8CodeUnitCount && Self.same(bytes.baseAddress! + range.lowerBound, word)
    }

    /// Where the reader stands: the offset of the next byte it reads.
    var position: Int { index }

    /// True when every byte has been read.
    var isAtEnd: Bool { index == bytes.count }

    /// Reads past `literal` when the bytes at the reading position are exactly it; false (reading
    /// nothing) otherwise. For the forms peers write, known but for a few values: a header as
    /// `JSONHeader.encoded` writes it is a handful of these and three values, instead of a scan of
    /// every key and separator. Whatever it reads past is what `next()` would accept, if `literal`
    /// holds only punctuation, whitespace and plain (escape-free ASCII) strings.
    @inline(__always)
    mutating func skip(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index <= bytes.count, bytes.count - index >= count, count > 0,
              Self.same(bytes.baseAddress! + index, literal) else { return false }
        index += count
        return true
    }

    /// Whether the bytes from `start` are `word`'s (all of them there): eight at a time, the last
    /// word overlapping the one before it.
    @inline(__always)
    private static func same(_ start: UnsafePointer<UInt8>, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        let a = UnsafeRawPointer(start), b = UnsafeRawPointer(word.utf8Start)
        if count < 8 {
            var i = 0
            while i < count {
                if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
                i += 1
            }
            return true
        }
        var i = 0
        while i + 8 < count {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }

    // MARK: - Scanning

    private mutating func unsupported() -> Step {
        index = bytes.count + 1  // every later call fails its bounds check
        return .unsupported
    }

    private mutating func close() -> Step {
        index += 1
        skipWhitespace()
        guard index == bytes.count else { return unsupported() }
        index = bytes.count + 1
        return .end
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// A string without escapes or control characters, in valid UTF-8; its range, quotes included.
    mutating func string() -> Range<Int>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index
        var i = index + 1
        // Eight bytes at a time up to the first quote, backslash or control character, which the
        // byte-by-byte loop below then looks at.
        let base = UnsafeRawPointer(bytes.baseAddress!)
        var anyWord: UInt64 = 0
        while i + 8 <= bytes.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let stops = Self.stopBytes(word)
            if stops != 0 {
                let before = stops.trailingZeroBitCount >> 3
                anyWord |= word & ((1 &<< (before &<< 3)) &- 1)
                i += before
                break
            }
            anyWord |= word
            i += 8
        }
        var any: UInt8 = anyWord & Self.highBits == 0 ? 0 : 0x80
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            any |= byte
            i += 1
        }
        guard i < bytes.count else { return nil }
        if any >= 0x80, !Self.isValidUTF8(UnsafeBufferPointer(rebasing: bytes[start + 1..<i])) { return nil }
        index = i + 1
        return start..<index
    }

    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `word` (first byte lowest) that may be a quote, a backslash or
    /// a control character (below 0x20). The lowest bit set is exact: a borrow can only flag bytes
    /// above a byte that really is one. Zero when the eight bytes are all part of the string.
    @inline(__always)
    private static func stopBytes(_ word: UInt64) -> UInt64 {
        func zeroBytes(_ v: UInt64) -> UInt64 { (v &- lowBits) & ~v & highBits }
        let quote = zeroBytes(word ^ (lowBits &* UInt64(UInt8(ascii: "\""))))
        let backslash = zeroBytes(word ^ (lowBits &* UInt64(UInt8(ascii: "\\"))))
        let control = (word &- lowBits &* 0x20) & ~word & highBits
        return quote | backslash | control
    }

    /// JSON's number grammar, as `JSONParser` reads it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() -> Bool {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return true
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let range = index..<index + word.utf8CodeUnitCount
        guard range.upperBound <= bytes.count, text(range, is: word) else { return false }
        index = range.upperBound
        return true
    }

    /// Whether `run` is valid UTF-8 (only asked for runs holding a byte ≥ 0x80).
    static func isValidUTF8(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = run.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
