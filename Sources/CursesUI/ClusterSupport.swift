import TUI

/// Which emoji sequences the terminal draws as one 2-column character, as measured at start
/// (`probe`). A curses cell keeps a spacing character plus non-spacing marks only, so a ZWJ
/// sequence (👩‍💻) or a skin-tone modifier (👍🏽, the modifier is itself 2 columns wide) cannot
/// live in one: curses draws the first emoji, and `Terminal.paint` draws the whole cluster over
/// it, but only where the terminal was seen to join that kind into the 2 columns the grid gave
/// it. Elsewhere (tmux joins ZWJ sequences but draws a modifier as a second emoji) the first
/// emoji alone keeps every column after it in place.
struct ClusterSupport: Equatable {
    /// 👩‍💻 measured 2 columns.
    var joinsZWJ = false
    /// 👍🏽 measured 2 columns.
    var joinsModifiers = false

    /// What the probe draws and measures, in this order: a ZWJ sequence, a modified emoji.
    static let samples = ["\u{1F469}\u{200D}\u{1F4BB}", "\u{1F44D}\u{1F3FD}"]

    /// From the columns each sample took (nil: no answer).
    init(measured: [Int?]) {
        joinsZWJ = measured.count > 0 && measured[0] == 2
        joinsModifiers = measured.count > 1 && measured[1] == 2
    }

    init() {}

    /// True when `text` (one grid cell's character) needs more than curses can keep and the
    /// terminal joins every kind of sequence it holds.
    func drawsWhole(_ text: String) -> Bool {
        guard joinsZWJ || joinsModifiers else { return false }
        var hasZWJ = false
        var hasModifier = false
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if scalar == "\u{200D}" { hasZWJ = true }
            if count > 1, scalar.properties.isEmojiModifier { hasModifier = true }
        }
        guard hasZWJ || hasModifier else { return false }
        return (!hasZWJ || joinsZWJ) && (!hasModifier || joinsModifiers)
    }

    /// What the terminal sent while the probe waited: the columns of every cursor position report
    /// (`ESC [ row ; column R`) in order, and the bytes typed meanwhile, which go back to the key
    /// path. Typed bytes stop at the first escape sequence that is not a report: a function key's
    /// sequence could only be handed back to curses as ESC and letters, not as the key.
    static func probeInput(_ bytes: [UInt8]) -> (columns: [Int], typed: [UInt8]) {
        var columns: [Int] = []
        var typed: [UInt8] = []
        var typing = true
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x1B else {
                if typing { typed.append(bytes[i]) }
                i += 1
                continue
            }
            guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "[") else { typing = false; i += 1; continue }
            var j = i + 2
            var numbers = [0]
            while j < bytes.count, let digit = Self.digit(bytes[j]) ?? (bytes[j] == UInt8(ascii: ";") ? -1 : nil) {
                if digit < 0 { numbers.append(0) } else { numbers[numbers.count - 1] = min(numbers[numbers.count - 1] * 10 + digit, 100_000) }
                j += 1
            }
            if j < bytes.count, bytes[j] == UInt8(ascii: "R"), numbers.count == 2 {
                columns.append(numbers[1])
                j += 1
            } else {
                typing = false
            }
            i = j
        }
        return (columns, typed)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
