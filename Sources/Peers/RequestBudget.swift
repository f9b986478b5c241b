/// The memory one app server holds for unfinished requests across all its connections (each
/// one's receive buffer), against one cap.
///
/// Why: `--max-content-length` bounds each connection, not their sum. Connections that each send
/// all but the last byte of a 16 MiB request made the server hold every one of them (30 such
/// connections: 528 MB RSS within 2 s; 4,096, the default connection cap: 64 GiB). When a read
/// takes the total over the cap, the connection holding the most is closed with the reason, as an
/// out-of-memory killer chooses: the hog, not the small request that happened to arrive last, so
/// peers that fill the budget and sit on it cannot starve everyone else.
///
/// A large reply waiting for a client that does not read is held the same way and counts too
/// (`AppServerHandler.countedReplyBytes`).
///
/// Lives on the server's loop thread, like its handlers: no locking.
final class RequestBudget {
    /// Total bytes held across connections before the largest holder is closed.
    let limit: Int
    /// Bytes held now, the sum over `holders`.
    private(set) var total = 0
    /// Connections holding bytes, by connection id.
    private var holders: [Int: (handler: AppServerHandler, bytes: Int)] = [:]

    init(limit: Int) {
        self.limit = limit
    }

    /// Records that connection `id` now holds `bytes`; while the total is over the limit, closes the
    /// largest holder (which may be this very connection).
    func hold(_ bytes: Int, connection id: Int, handler: AppServerHandler) {
        total += bytes - (holders[id]?.bytes ?? 0)
        holders[id] = bytes > 0 ? (handler, bytes) : nil
        while total > limit, let (victim, entry) = holders.max(by: { $0.value.bytes < $1.value.bytes }) {
            release(connection: victim)
            entry.handler.evict(reason: "the server holds more than \(limit) bytes of unfinished requests and unsent replies across its connections; "
                                    + "this one held the most (\(entry.bytes) bytes)")
        }
    }

    /// Connection `id` holds nothing any more (closed, failed, or its request is complete).
    func release(connection id: Int) {
        if let entry = holders.removeValue(forKey: id) { total -= entry.bytes }
    }
}

@available(*, unavailable)
extension RequestBudget: Sendable {}
