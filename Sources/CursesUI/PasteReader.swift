import TUI

/// The inside of a bracketed paste, read as raw code points (curses' keypad is off meanwhile,
/// so a pasted `ESC [ A` stays three characters instead of becoming an arrow key): each one is
/// handed on as `.character`, control codes included, until the end marker `ESC [ 2 0 1 ~`.
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

    init(at now: ContinuousClock.Instant) {
        lastInput = now
    }

    /// The events one pasted code point gives: nothing while it may be part of the end marker,
    /// the held-back characters once it is not, `.pasteEnd(cut: false)` when the marker is whole.
    mutating func feed(_ code: UInt32, at now: ContinuousClock.Instant) -> [KeyEvent] {
        lastInput = now
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
        return heldBack() + [.pasteEnd(cut: true)]
    }

    private mutating func heldBack() -> [KeyEvent] {
        defer { matched = 0 }
        return Self.endMarker[0..<matched].map { .character(Character(Unicode.Scalar($0)!)) }
    }
}
