/// `count` well-behaved raw clients with unique requests (`Wire.goodPair`), run as
/// `ClientBatch.exchanges` on a background thread; knows the reply each one must get.
///
/// Why: the hardening tests run good clients while hostile ones misbehave, and check that every
/// good client got exactly its own reply followed by the server's close.
public final class BackgroundExchanges: Sendable {
    public let requests: [[UInt8]]
    public let replies: [[UInt8]]
    private let run: BackgroundRun<[Exchange]>

    /// `count` good clients with unique requests, numbered from `first`, each sent in two halves
    /// `gap` apart (whole when nil).
    public init(port: Int, count: Int, first: Int = 0, gap: Duration? = .milliseconds(30)) {
        let pairs = (first..<first + count).map(Wire.goodPair)
        let requests = pairs.map(\.request)
        self.requests = requests
        replies = pairs.map(\.reply)
        run = BackgroundRun { try ClientBatch.exchanges(port: port, requests: requests, gap: gap) }
    }

    /// What each client saw, waiting at most `seconds`.
    public func wait(timeout seconds: Double = 90) throws -> [Exchange] {
        try run.wait(timeout: seconds)
    }

    /// Descriptions of the clients that did not get exactly their reply followed by the server's close.
    public func failures(_ exchanges: [Exchange]) -> [String] {
        var bad: [String] = []
        for (i, e) in exchanges.enumerated() where e.received != replies[i] || e.reason != .peerClosed {
            bad.append("client \(i): \(e.received.count) bytes (want \(replies[i].count)), closed: \(e.reason.map { "\($0)" } ?? "never")")
        }
        return bad
    }
}
