import FrameCore
import Logging
import Reactor

/// Where a peer reports what it does: log lines through swift-log (stderr for the CLI) and, when
/// someone watches (the TUI, later a recorder), timestamped `SessionEvent`s.
///
/// Log text is built lazily: at 30,000 requests a second with `--quiet`, the server must not
/// format a `repr` of every reply it then throws away.
public final class SessionSink {
    public var logger: Logger {
        didSet {
            isVerbose = Self.verbose(logger, emit, emitsLogs)
            logsInfo = logger.logLevel <= .info
        }
    }
    /// Receives every event; nil when nobody watches.
    public var emit: ((SessionEvent) -> Void)? {
        didSet {
            isVerbose = Self.verbose(logger, emit, emitsLogs)
            isWatched = emit != nil
        }
    }
    /// Whether `emit` wants log lines. A pcap recorder does not (a pcap has no place for them):
    /// then a `--quiet` server recording still formats no log line it would throw away.
    public var emitsLogs = true {
        didSet { isVerbose = Self.verbose(logger, emit, emitsLogs) }
    }

    public init(logger: Logger, emit: ((SessionEvent) -> Void)? = nil) {
        self.logger = logger
        self.emit = emit
        isVerbose = Self.verbose(logger, emit, true)
        logsInfo = logger.logLevel <= .info
        isWatched = emit != nil
    }

    /// A sink that says nothing: for load generators and tests.
    public static func silent() -> SessionSink {
        var logger = Logger(label: "socketlab.silent", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return SessionSink(logger: logger)
    }

    /// Whether `log` lines go anywhere. Kept up to date rather than asked of the log handler on
    /// every call: with `--quiet` the server's hot path then pays one load per line it skips.
    private(set) var isVerbose: Bool
    /// Whether the logger takes `.info` lines, kept for the same reason: asking `logger.logLevel`
    /// goes through the log handler's existential on every accept and close.
    private var logsInfo: Bool
    /// Whether `emit` is set. `emit` is public, so every read of it pays a runtime exclusivity
    /// check (other modules may access it); this flag is the module's own, checked at compile time,
    /// and an unwatched server reads only it (twice per request, in `state`).
    private var isWatched = false

    private static func verbose(_ logger: Logger, _ emit: ((SessionEvent) -> Void)?, _ emitsLogs: Bool) -> Bool {
        (emit != nil && emitsLogs) || logger.logLevel <= .info
    }

    /// Longest text of a `.log`/`.error` event, in UTF-8 bytes: a line quoting a 16 MiB payload
    /// is cut with "… N more bytes" before it reaches a watcher (the TUI); the log keeps it whole.
    public static let maxEventTextBytes = 4096

    /// A line the tutorial's program would print. Lines quote peers (header values, requests),
    /// so the log and the event get `PythonRepr.escaped` text: no raw control character leaves
    /// through the sink, whoever builds the line.
    func log(_ connection: Int?, _ text: @autoclosure () -> String) {
        guard isVerbose else { return }
        let line = text()
        if logsInfo { logger.info("\(PythonRepr.escaped(line))") }
        if emitsLogs { emit?(SessionEvent(time: WallClock.now(), connection: connection, kind: .log(Self.eventText(line)))) }
    }

    /// `text` as an event carries it: escaped and bounded.
    static func eventText(_ text: String) -> String {
        PythonRepr.escaped(text, maxBytes: maxEventTextBytes)
    }

    /// A tutorial line that narrates what the loop itself reports to watchers (an accept, a
    /// close): it goes to the log only. Sent as an event too, it would make the TUI show that one
    /// happening twice, once from the loop's `.opened`/`.closed` and once from this line.
    func logRestatingLoopEvent(_ connection: Int?, _ text: @autoclosure () -> String) {
        guard logsInfo else { return }
        logger.info("\(PythonRepr.escaped(text()))")
    }

    /// Something went wrong; always logged. `line` is the log line (naming the connection),
    /// `reason` what the TUI shows against the connection (defaults to the line).
    func error(_ connection: Int?, _ line: String, reason: String? = nil) {
        logger.error("\(PythonRepr.escaped(line))")
        emit?(SessionEvent(time: WallClock.now(), connection: connection, kind: .error(Self.eventText(reason ?? line))))
    }

    /// The connection's life stage, for the TUI's state column.
    func state(_ connection: Int, _ text: String) {
        guard isWatched else { return }
        emit?(SessionEvent(time: WallClock.now(), connection: connection, kind: .state(text)))
    }

    static func refusedLine(peer: SocketAddress?, total: Int) -> String {
        "refused connection from \(peer?.description ?? "?"): over --max-connections (\(total) refused so far)"
    }

    static func acceptPausedLine(_ error: SocketError) -> String {
        "accepting paused for 100 ms: \(error)"
    }

    /// Translates the event loop's observations (bytes, interest, open, close) into session
    /// events; install once per loop whose traffic should be watched.
    public func watch(_ loop: EventLoop) {
        guard emit != nil else { return }
        loop.addObserver { [weak self] event in
            guard let self, let emit = self.emit else { return }
            let kind: SessionEvent.Kind
            switch event.kind {
            case let .listening(address):
                // The server itself reports `.listening` with its mode; the loop's own report
                // gives the listening socket its row, with the interest its accept loop watches.
                guard let id = event.connection else { return }
                emit(SessionEvent(time: event.time, connection: id, kind: .opened(side: .listener, peer: "-", local: address.description)))
                kind = .interest(Interest.read.description)
            case let .accepted(peer, local):
                kind = .opened(side: .server, peer: peer.description, local: local?.description ?? "?")
            case let .connecting(peer):
                kind = .opened(side: .client, peer: peer.description, local: "?")
            case let .connected(local):
                kind = .state("connected from \(local?.description ?? "?")")
            case let .read(bytes):
                kind = .bytes(.in, bytes)
            case let .wrote(bytes):
                kind = .bytes(.out, bytes)
            case let .interest(interest):
                kind = .interest(interest.description)
            case let .refused(peer, total):
                kind = .error(Self.refusedLine(peer: peer, total: total))
            case let .acceptPaused(error):
                kind = .error(Self.acceptPausedLine(error))
            case let .selector(call):
                kind = .selector(call.description)
            case let .closed(reason):
                kind = .closed(reason: reason.description)
            }
            emit(SessionEvent(time: event.time, connection: event.connection, kind: kind))
        }
    }
}
