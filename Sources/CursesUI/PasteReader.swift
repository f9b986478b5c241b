import TUI

/// The inside of a bracketed paste, read as raw bytes from the terminal (not through curses,
/// whose one `read` and one `poll` per byte made a 1 MB paste take seconds, and whose keypad
/// would turn a pasted `ESC [ A` into an arrow key): decoded as UTF-8, each code point is
/// handed on as `.character`, control codes included, until the end marker `ESC [ 2 0 1 ~`.
/// Bytes read after the marker are given back (`feed` returns them) for curses to read as keys.
///
/// A paste start whose end never comes (a cut-off or hostile stream) must not keep the TUI in
/// paste mode forever: once nothing has arrived for `idleLimit`, the paste ends as cut. A
/// terminal sends a paste in one go, so a gap that long means the end marker is not coming.
struct PasteReader {
    /// `ESC [ 2 0 1 ~`.
    static let endMarker: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]
    static let idleMilliseconds = 500
    static var idleLimit: Duration { .milliseconds(idleMilliseconds) }

    /// How many code points of the end marker have arrived in a row; held back until they
    /// either complete the marker or turn out to be pasted text.
    private var matched = 0
    private var lastInput: ContinuousClock.Instant
    /// The start of a UTF-8 sequence whose other bytes have not arrived yet, and its length.
    private var partial: [UInt8] = []
    private var partialLength = 0

    init(at now: ContinuousClock.Instant) {
        lastInput = now
    }

    /// The events a chunk of pasted bytes gives, and the bytes after the end marker (empty
    /// unless the chunk held the marker), which are not part of the paste.
    mutating func feed<Bytes: Collection<UInt8>>(bytes: Bytes, at now: ContinuousClock.Instant) -> (events: [KeyEvent], unread: [UInt8]) {
        lastInput = now
        var events: [KeyEvent] = []
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            bytes.formIndex(after: &index)
            for code in decode(byte) {
                events += feed(code)
                if events.last == .pasteEnd(cut: false) { return (events, Array(bytes[index...])) }
            }
        }
        return (events, [])
    }

    /// The events one pasted code point gives: nothing while it may be part of the end marker,
    /// the held-back characters once it is not, `.pasteEnd(cut: false)` when the marker is whole.
    mutating func feed(_ code: UInt32) -> [KeyEvent] {
        if code == Self.endMarker[matched] {
            matched += 1
            if matched < Self.endMarker.count { return [] }
            matched = 0
            return [.pasteEnd(cut: false)]
        }
        var events = heldBack()
        if code == Self.endMarker[0] {
            matched = 1
        } else if let scalar = Unicode.Scalar(code) {
            events.append(.character(Character(scalar)))
        }
        return events
    }

    /// When nothing arrived in time: the end of a cut-off paste (what was held back, then
    /// `.pasteEnd(cut: true)`) once the terminal has been quiet for `idleLimit`, else nothing.
    mutating func idle(at now: ContinuousClock.Instant) -> [KeyEvent] {
        guard now - lastInput >= Self.idleLimit else { return [] }
        return end()
    }

    /// Ends the paste at once as cut (the terminal went away).
    mutating func end() -> [KeyEvent] {
        let unfinished: [KeyEvent] = partial.isEmpty ? [] : [.character("\u{FFFD}")]
        partial = []
        return heldBack() + unfinished + [.pasteEnd(cut: true)]
    }

    private mutating func heldBack() -> [KeyEvent] {
        defer { matched = 0 }
        return Self.endMarker[0..<matched].map { .character(Character(Unicode.Scalar($0)!)) }
    }

    /// UTF-8, one byte at a time: the code points this byte completes (none while a sequence is
    /// unfinished; U+FFFD for a broken one, as `String(decoding:as:)` repairs it).
    private mutating func decode(_ byte: UInt8) -> [UInt32] {
        if !partial.isEmpty {
            if byte & 0xC0 == 0x80 {
                partial.append(byte)
                guard partial.count == partialLength else { return [] }
                defer { partial = [] }
                return String(decoding: partial, as: UTF8.self).unicodeScalars.map(\.value)
            }
            partial = []
            return [0xFFFD] + decode(byte)
        }
        switch byte {
        case 0..<0x80: return [UInt32(byte)]
        case 0xC2...0xDF: partialLength = 2
        case 0xE0...0xEF: partialLength = 3
        case 0xF0...0xF4: partialLength = 4
        default: return [0xFFFD]
        }
        partial = [byte]
        return []
    }
}
