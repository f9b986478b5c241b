/// Recognises, after an ESC, the answers a terminal sends on its own input stream so they are
/// dropped instead of read as keys: a cursor position report `ESC [ row ; col R` (what the
/// start-up probe's `ESC[6n` asks for; a slow link can deliver it after the probe stopped
/// waiting), a device attributes reply `ESC [ ? … c` / `ESC [ > … c`, a status report
/// `ESC [ 0 n`, a mode report `ESC [ ? 2004 ; 2 $ y` and focus in/out `ESC [ I` / `ESC [ O`.
/// Read as keys, the ESC would leave the composer and the rest would be pane commands.
///
/// Fed one code point at a time (the ESC itself already read). Shapes that keys also use stay
/// keys: `ESC [ c` (rxvt's Shift-Right) has no `?`/`>` marker, and `ESC [ 1 ; 5 A` ends in a
/// letter no answer ends in.
enum TerminalAnswer: Equatable {
    /// Nothing read after the ESC yet.
    case start
    /// `ESC [` read, then parameters (digits and `;`: `fields` counts them) after an optional
    /// private `marker` (`?`, `>`), maybe followed by the intermediate byte `$`.
    case parameters(marker: UInt8?, fields: Int, digits: Bool, intermediate: Bool, length: Int)
    /// The whole answer has been read: drop it.
    case complete
    /// What was read is not an answer: it goes back to the key path unchanged.
    case notAnAnswer

    /// The longest answer accepted; longer is not an answer (and bounds the look-ahead).
    static let maxLength = 32

    /// The state after one more code point.
    func feeding(_ code: UInt32) -> TerminalAnswer {
        switch self {
        case .start:
            return code == 0x5B ? .parameters(marker: nil, fields: 0, digits: false, intermediate: false, length: 1) : .notAnAnswer
        case let .parameters(marker, fields, digits, intermediate, length):
            guard length < Self.maxLength, code < 0x80 else { return .notAnAnswer }
            let byte = UInt8(code)
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: ">"):
                guard length == 1 else { return .notAnAnswer }
                return .parameters(marker: byte, fields: 0, digits: false, intermediate: false, length: 2)
            case UInt8(ascii: "0")...UInt8(ascii: "9") where !intermediate:
                return .parameters(marker: marker, fields: max(fields, 1), digits: true, intermediate: false, length: length + 1)
            case UInt8(ascii: ";") where !intermediate:
                return .parameters(marker: marker, fields: max(fields, 1) + 1, digits: digits, intermediate: false, length: length + 1)
            case UInt8(ascii: "$"):
                return .parameters(marker: marker, fields: fields, digits: digits, intermediate: true, length: length + 1)
            default:
                return Self.isFinal(byte, marker: marker, fields: fields, digits: digits, intermediate: intermediate) ? .complete : .notAnAnswer
            }
        case .complete, .notAnAnswer:
            return self
        }
    }

    /// Whether `byte` ends an answer with what came before it.
    private static func isFinal(_ byte: UInt8, marker: UInt8?, fields: Int, digits: Bool, intermediate: Bool) -> Bool {
        switch (byte, intermediate) {
        case (UInt8(ascii: "R"), false):  // cursor position: row;col (DECXCPR adds ;page after `?`)
            return digits && (fields == 2 || (marker == UInt8(ascii: "?") && fields == 3))
        case (UInt8(ascii: "c"), false):  // device attributes, primary `?` or secondary `>`
            return marker == UInt8(ascii: "?") || marker == UInt8(ascii: ">")
        case (UInt8(ascii: "n"), false):  // device status: ESC [ 0 n
            return marker == nil && digits && fields == 1
        case (UInt8(ascii: "y"), true):   // mode report: ESC [ ? mode ; value $ y
            return digits && fields == 2
        case (UInt8(ascii: "I"), false), (UInt8(ascii: "O"), false):  // focus in / out
            return marker == nil && fields == 0
        default:
            return false
        }
    }

    /// Whether `codes` (what followed an ESC) is one whole terminal answer.
    static func isAnswer<Codes: Sequence<UInt32>>(_ codes: Codes) -> Bool {
        var state = TerminalAnswer.start
        for code in codes {
            guard state != .complete else { return false }  // more after a whole answer
            state = state.feeding(code)
        }
        return state == .complete
    }
}
