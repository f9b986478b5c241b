import FrameCore

extension DecoderProgress {
    /// "content 0 / 999,999,999,999,999,999 bytes": received against declared, grouped by
    /// thousands so a hostile length reads as the absurd number it is.
    public var displayText: String {
        "\(part.rawValue) \(Int.grouped(have)) / \(Int.grouped(need)) bytes"
    }
}

extension Int {
    /// `1234567` as "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}
