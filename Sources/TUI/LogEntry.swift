/// One line of the event log.
public struct LogEntry: Equatable, Sendable {
    public enum Level: Sendable, Equatable { case info, error }
    public var time: Double
    public var connection: Int?
    public var text: String
    public var level: Level
    /// What the line reports, so an error and the close it explains can join into one line.
    var happening: Happening = .other

    enum Happening: Sendable, Equatable {
        /// A connection's close (`closed: …`).
        case close
        /// A peer role's error (not a read or write line that merely shows a bad frame).
        case error
        case other
    }

    public init(time: Double, connection: Int?, text: String, level: Level = .info) {
        self.time = time
        self.connection = connection
        self.text = text
        self.level = level
    }

    /// `HH:MM:SS.mmm` (UTC), computed without Foundation so the model stays pure.
    public var clock: String {
        let millis = Int((time * 1000).rounded(.down))
        let day = (millis / 1000) % 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = millis % 1000
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(two(day / 3600)):\(two(day / 60 % 60)):\(two(day % 60)).\(msText)"
    }
}
