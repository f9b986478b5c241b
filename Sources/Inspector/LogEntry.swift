/// One line of the event log.
public struct LogEntry: Equatable, Sendable {
    public enum Level: Sendable, Equatable { case info, error }
    public var time: Double
    public var connection: Int?
    public var text: String
    public var level: Level
    /// The line reports a connection's close, so an error explaining it joins this line.
    var reportsClose = false

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
