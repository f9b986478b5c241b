import FrameCore

/// Everything a reference server is started with; the CLI flags map onto it one to one.
public struct ServerConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var mode: ServerMode
    /// Listen backlog: the tutorial's default of 128 overflows at 1,000 concurrent clients.
    public var backlog: Int32
    public var limits: FrameLimits
    /// Close a connection that completes no part of a message for this long (slowloris); in the
    /// echo modes, one where no byte moves either way.
    public var idleTimeout: Duration?
    /// Connections beyond this are accepted and closed at once, and counted.
    public var maxConnections: Int
    /// echo mode: stop after the first client, as `echo-server.py` does. The TUI's embedded echo
    /// server turns it off: it must stay an echo server for the whole session.
    public var echoServesOneClient = true
    /// What resets the idle deadline: whole parts for the CLI server, any bytes in the TUI.
    public var idleProgress = IdleProgress.wholeParts
    /// app mode: bytes of unfinished requests and unsent large replies held across all connections before the connection
    /// holding the most is closed (see `RequestBudget`); never less than one largest request.
    public var maxBufferedBytes = ServerConfiguration.defaultMaxBufferedBytes
    public static let defaultMaxBufferedBytes = 256 * 1024 * 1024

    /// `maxBufferedBytes`, raised to what one request of `limits` may hold, so a single request
    /// the limits allow is always served.
    public var effectiveMaxBufferedBytes: Int {
        max(maxBufferedBytes, limits.maxContentLength + limits.maxHeaderLength + 2)
    }

    /// The server a TUI session embeds (`tui`, `tui --listen`, `tour`): on `host:port`, with no
    /// idle timeout unless one is given, and then every byte received counting as progress, so a
    /// slow-motion demo (`:chunk 1 400`) is never cut; the echo server serves every client.
    public static func embedded(mode: ServerMode, host: String = "127.0.0.1", port: Int = 0, idleTimeout: Duration? = nil,
                                maxConnections: Int = 4096) -> ServerConfiguration {
        var configuration = ServerConfiguration(host: host, port: port, mode: mode, idleTimeout: idleTimeout, maxConnections: maxConnections)
        configuration.echoServesOneClient = false
        configuration.idleProgress = .anyBytes
        return configuration
    }

    public init(host: String = "127.0.0.1", port: Int = 65432, mode: ServerMode = .app, backlog: Int32 = 4096,
                limits: FrameLimits = .default, idleTimeout: Duration? = .seconds(30), maxConnections: Int = 4096) {
        self.host = host
        self.port = port
        self.mode = mode
        self.backlog = backlog
        self.limits = limits
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}
