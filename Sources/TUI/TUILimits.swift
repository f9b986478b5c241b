/// Sizes of the rings that keep a long session's memory bounded: the TUI keeps the most recent
/// bytes, messages, connections and events, and forgets the oldest.
public struct TUILimits: Sendable, Equatable {
    /// Bytes kept per connection and direction for the dump.
    public var bytesPerStream: Int
    /// Decoded messages kept per connection and direction.
    public var messagesPerStream: Int
    /// Content bytes kept of each decoded message (a 64 MiB body is summarised, not kept).
    public var contentBytesPerMessage: Int
    /// Connections listed; the oldest closed ones go first.
    public var connections: Int
    /// Event-log lines.
    public var events: Int
    /// Characters the request line holds (typed or pasted): a `hex` line of about 33 KB, far
    /// more than a request typed by hand, yet a pasted megabyte cannot fill memory or the history.
    public var composerCharacters: Int

    public init(bytesPerStream: Int = 64 * 1024, messagesPerStream: Int = 16, contentBytesPerMessage: Int = 4096,
                connections: Int = 256, events: Int = 2000, composerCharacters: Int = 100_000) {
        self.bytesPerStream = bytesPerStream
        self.messagesPerStream = messagesPerStream
        self.contentBytesPerMessage = contentBytesPerMessage
        self.connections = connections
        self.events = events
        self.composerCharacters = composerCharacters
    }
}
