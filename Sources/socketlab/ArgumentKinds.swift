/// Every kind of numeric command-line value, with its range, in one place: the flags of all
/// subcommands (and of subcommands still to come) pick from these, so the same kind of value has
/// the same bounds everywhere and a maximum that is stated in its help.
///
/// The upper bounds are far above any sensible use and far below anything that could overflow
/// where the value is used (milliseconds in an `Int64`, a count times a struct size).

/// A TCP port to connect to.
typealias Port = Bounded<PortBounds>
enum PortBounds: ArgumentBounds {
    static let range = 1...65_535
    static let unit = "a port"
}

/// A TCP port to listen on; 0 lets the kernel pick a free one.
typealias ListenPort = Bounded<ListenPortBounds>
enum ListenPortBounds: ArgumentBounds {
    static let range = 0...65_535
    static let unit = "a port (0 = any free one)"
}

/// Seconds to wait for something that must happen (a reply, a measured run): 1 ms to a day.
typealias Seconds = Bounded<SecondsBounds>
enum SecondsBounds: DurationBounds {
    static let longest = 86_400.0
    static let unit = "a number of seconds"
}

/// Seconds without progress before a connection is cut, 1 ms to a day; 0 turns the timeout off.
typealias IdleSeconds = Bounded<IdleSecondsBounds>
enum IdleSecondsBounds: DurationBounds {
    static let longest = 86_400.0
    static let unit = "a number of seconds"
    static let off: (value: Double, meaning: String)? = (0, "never")
}

extension Bounded where Bounds == IdleSecondsBounds {
    /// The timeout a server configuration takes: nil when 0 turned it off.
    var timeoutOrNever: Duration? { value > 0 ? duration : nil }
}

/// Seconds of load before a measurement: 1 ms to an hour, or 0 for none.
typealias WarmupSeconds = Bounded<WarmupSecondsBounds>
enum WarmupSecondsBounds: DurationBounds {
    static let longest = 3_600.0
    static let unit = "a number of seconds"
    static let off: (value: Double, meaning: String)? = (0, "none")
}

/// Milliseconds between chunks of a request: at most a minute.
typealias DelayMilliseconds = Bounded<DelayMillisecondsBounds>
enum DelayMillisecondsBounds: ArgumentBounds {
    static let range = 0...60_000
    static let unit = "a number of milliseconds"
}

/// Simultaneous client connections one process opens (bench slots, multiconn clients): each
/// needs a file descriptor, and 100,000 is already above a default `ulimit -n`.
typealias ClientConnections = Bounded<ClientConnectionsBounds>
enum ClientConnectionsBounds: ArgumentBounds {
    static let range = 1...100_000
    static let unit = "a number of connections"
}

/// Connections a server keeps open at once.
typealias ServerConnections = Bounded<ServerConnectionsBounds>
enum ServerConnectionsBounds: ArgumentBounds {
    static let range = 1...1_000_000
    static let unit = "a number of connections"
}

/// The listen backlog; Linux caps it at `net.core.somaxconn` (4096 by default) anyway.
typealias Backlog = Bounded<BacklogBounds>
enum BacklogBounds: ArgumentBounds {
    static let range: ClosedRange<Int32> = 1...65_535
    static let unit = "a queue length"
}

/// The largest content a server accepts (and so may buffer for one request): at most 4 GiB.
typealias ContentLength = Bounded<ContentLengthBounds>
enum ContentLengthBounds: ArgumentBounds {
    static let range = 0...(1 << 32)
    static let unit = "a number of bytes"
}

/// Bytes per write of a chunked request: at most 16 MiB.
typealias ChunkBytes = Bounded<ChunkBytesBounds>
enum ChunkBytesBounds: ArgumentBounds {
    static let range = 1...(1 << 24)
    static let unit = "a number of bytes"
}

/// Event-loop threads of the load generator.
typealias ThreadCount = Bounded<ThreadCountBounds>
enum ThreadCountBounds: ArgumentBounds {
    static let range = 1...256
    static let unit = "a number of threads"
}

/// Requests the load generator starts at most.
typealias RequestCount = Bounded<RequestCountBounds>
enum RequestCountBounds: ArgumentBounds {
    static let range = 1...1_000_000_000_000
    static let unit = "a number of requests"
}

/// Bytes of a generated request's content: at most 4 GiB.
typealias RequestBytes = Bounded<RequestBytesBounds>
enum RequestBytesBounds: ArgumentBounds {
    static let range = 0...(1 << 32)
    static let unit = "a number of bytes"
}

/// Bytes the TUI keeps per connection and direction for the dump.
typealias DumpBytes = Bounded<DumpBytesBounds>
enum DumpBytesBounds: ArgumentBounds {
    static let range = 256...(16 << 20)
    static let unit = "a number of bytes"
}

/// Event-log lines the TUI keeps.
typealias EventCount = Bounded<EventCountBounds>
enum EventCountBounds: ArgumentBounds {
    static let range = 10...100_000
    static let unit = "a number of lines"
}

/// Sizes of the decode benchmark's messages, in MiB, and its other counts.
typealias MessageMiB = Bounded<MessageMiBBounds>
enum MessageMiBBounds: ArgumentBounds {
    static let range = 1...1024
    static let unit = "a number of MiB"
}
typealias PieceBytes = Bounded<PieceBytesBounds>
enum PieceBytesBounds: ArgumentBounds {
    static let range = 1...(64 << 20)
    static let unit = "a number of bytes"
}
typealias RepeatCount = Bounded<RepeatCountBounds>
enum RepeatCountBounds: ArgumentBounds {
    static let range = 1...1_000
    static let unit = "a number of runs"
}

/// Frames the render benchmark draws per measurement.
typealias FrameSamples = Bounded<FrameSamplesBounds>
enum FrameSamplesBounds: ArgumentBounds {
    static let range = 1...100_000
    static let unit = "a number of frames"
}

/// Bytes a recording may grow to before it stops (the session carries on): at most 1 TiB.
typealias RecordBytes = Bounded<RecordBytesBounds>
enum RecordBytesBounds: ArgumentBounds {
    static let range = 1...(1 << 40)
    static let unit = "a number of bytes"
}
