/// Everything a tap is started with; `socketlab tap` maps its flags onto it one to one.
public struct TapConfiguration: Sendable, Equatable {
    /// Where attendees' (or the tutorial's) clients connect: host text and port (0 = a free one).
    public var listenHost: String
    public var listenPort: Int
    /// The server every accepted client is relayed to.
    public var targetHost: String
    public var targetPort: Int
    /// A hop whose peer has more than this many bytes waiting to be sent stops being read until
    /// they are gone, so a fast sender in front of a slow receiver cannot grow the tap's memory.
    public var maxQueuedBytes: Int
    /// How long a connection to the target may take before the client is closed with the reason.
    public var connectTimeout: Duration
    /// Client connections beyond this many open ones are accepted and closed at once.
    public var maxConnections: Int

    public static let defaultMaxQueuedBytes = 256 * 1024

    public init(listenHost: String = "127.0.0.1", listenPort: Int = 0, targetHost: String, targetPort: Int,
                maxQueuedBytes: Int = TapConfiguration.defaultMaxQueuedBytes, connectTimeout: Duration = .seconds(10),
                maxConnections: Int = 1024) {
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.targetHost = targetHost
        self.targetPort = targetPort
        self.maxQueuedBytes = maxQueuedBytes
        self.connectTimeout = connectTimeout
        self.maxConnections = maxConnections
    }
}
