/// What a bracketed paste has done to the composer so far, for the status line when it ends.
public struct PasteProgress: Sendable, Equatable {
    /// Characters that went into the line.
    public var inserted = 0
    /// Characters left out because the line was full.
    public var dropped = 0
    /// Inserted characters that are control characters (CR, LF, Tab, ESC, ^C, DEL, C1 …):
    /// kept as text, shown escaped, never run as keys.
    public var controls = 0

    public init() {}

    /// The status line once the paste is over; `cut` when its end marker never came.
    func summary(cut: Bool, limit: Int) -> String {
        var parts = ["pasted \(Int.grouped(inserted)) character\(inserted == 1 ? "" : "s")"]
        if controls > 0 {
            parts.append("\(Int.grouped(controls)) control character\(controls == 1 ? "" : "s") kept as text: shown escaped, sent as pasted")
        }
        if dropped > 0 { parts.append("\(Int.grouped(dropped)) left out: the line holds \(Int.grouped(limit))") }
        if cut { parts.append("the paste never said it ended (nothing arrived for 0.5 s)") }
        return parts.joined(separator: "; ")
    }

}
