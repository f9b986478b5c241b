import Logging

/// A swift-log handler that keeps every line it is given in a `LineStore`.
///
/// Why: the server's log lines are what the CLI prints and learners read; tests check their
/// exact words (one error line per bad connection, naming it and the reason).
public struct CapturingLogHandler: LogHandler {
    public let store: LineStore
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    public init(store: LineStore) { self.store = store }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        store.append(level: event.level, event.message.description)
    }
}
