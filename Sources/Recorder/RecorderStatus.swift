/// What a recorder is doing, for a status bar or a final message.
public struct RecorderStatus: Sendable, Equatable {
    /// The file's name without its directory, as the status bar shows it.
    public var name: String
    public var path: String
    /// Bytes written to the file so far.
    public var bytesWritten: Int
    /// Nil while recording; the reason once it stopped on its own (limit, disk error).
    public var stoppedBecause: String?

    public init(name: String, path: String, bytesWritten: Int, stoppedBecause: String? = nil) {
        self.name = name
        self.path = path
        self.bytesWritten = bytesWritten
        self.stoppedBecause = stoppedBecause
    }

    /// "● REC demo.pcap 12.3 KiB".
    public var badge: String { "● REC \(name) \(RecorderStatus.size(bytesWritten))" }

    /// Bytes as "512 B", "12.3 KiB", "4.0 MiB".
    public static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
