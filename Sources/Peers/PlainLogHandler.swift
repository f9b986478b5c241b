import Glibc
import Logging

/// A swift-log handler that writes each message as a plain line to stderr, like the tutorial's
/// `print` calls (errors get an `error: ` prefix). Timestamps and labels would make our server's
/// output differ from the one learners compare it with.
public struct PlainLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    public init(level: Logger.Level = .info) {
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let prefix = event.level >= .error ? "error: " : ""
        var line = Array((prefix + event.message.description + "\n").utf8)
        // One write(2) per line: lines from several threads never interleave mid-line.
        line.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
