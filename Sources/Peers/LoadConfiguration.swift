import FrameCore

/// Everything one run of the load generator is started with; `socketlab bench` flags map onto it.
public struct LoadConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Concurrent request slots (closed loop: each slot starts its next request when one ends).
    public var connections: Int
    /// Event loops, each on its own thread, sharing the slots between them.
    public var threads: Int
    /// Requests that end during the warm-up are not measured.
    public var warmup: Duration
    /// Measured time; the run ends after warm-up plus this, or earlier at `maxRequests`.
    public var duration: Duration
    /// Measured requests to start at most; nil = as many as fit in `duration`.
    public var maxRequests: Int?
    /// A request without a complete reply after this long counts as a timeout.
    public var timeout: Duration
    public var request: LoadRequest

    public init(host: String = "127.0.0.1", port: Int = 65432, connections: Int = 128, threads: Int = 2,
                warmup: Duration = .seconds(1), duration: Duration = .seconds(5), maxRequests: Int? = nil,
                timeout: Duration = .seconds(10), request: LoadRequest = LoadRequest(.search("morpheus"))) {
        self.host = host
        self.port = port
        self.connections = connections
        self.threads = threads
        self.warmup = warmup
        self.duration = duration
        self.maxRequests = maxRequests
        self.timeout = timeout
        self.request = request
    }
}
