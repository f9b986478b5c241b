import Logging

/// Every swift-log line a harness's server wrote, with its level, in order; thread-safe.
///
/// Why keep the level apart from the text: tests ask "which lines were errors" without parsing
/// a level prefix back out of the text, and compare the text exactly as the CLI prints it.
public final class LineStore: Sendable {
    private let lines = Locked<[(Logger.Level, String)]>([])

    public init() {}

    public func append(level: Logger.Level, _ line: String) {
        lines.withLock { $0.append((level, line)) }
    }

    /// The lines at `level` or above (every line by default), in order.
    public func all(atLeast level: Logger.Level = .trace) -> [String] {
        lines.withLock { $0.filter { $0.0 >= level }.map(\.1) }
    }
}
