import FrameCore

/// The queue from the loop thread to the UI thread, bounded by our limits whatever a peer sends.
///
/// Bytes events are kept while the bytes queued stay under `maxBytes`; beyond, a bytes event
/// becomes a gap that counts its bytes (consecutive gaps of one stream merge). Other events are
/// small (`SessionSink` already bounds log and error texts) and kept, up to `maxEvents`, past
/// which the oldest are dropped and counted.
struct TUIEngineQueue {
    var maxBytes: Int
    var maxEvents: Int
    private(set) var items: [TUIEngineEvent] = []
    private(set) var queuedBytes = 0
    /// Events dropped because the queue was full, reported with the next drain.
    private(set) var droppedEvents = 0

    /// 1 MiB of bytes is what the UI applies in a few milliseconds; it applies a drained batch in
    /// 4 ms slices with a look at the keyboard between them (the TUI's `TUIPacer`), so a key
    /// pressed during a flood waits for one slice, not for the batch.
    init(maxBytes: Int = 1 << 20, maxEvents: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxEvents = maxEvents
    }

    mutating func push(_ event: SessionEvent) {
        switch event.kind {
        case let .bytes(direction, data):
            guard let id = event.connection else { return }
            if queuedBytes + data.count > maxBytes {
                gap(event.time, id, direction, data.count)
                return
            }
            queuedBytes += data.count
            append(.session(event))
        default:
            append(.session(event))
        }
    }

    /// Everything queued, oldest first; the queue is empty afterwards.
    mutating func drain() -> (events: [TUIEngineEvent], dropped: Int) {
        defer {
            items.removeAll(keepingCapacity: true)
            queuedBytes = 0
            droppedEvents = 0
        }
        return (items, droppedEvents)
    }

    private mutating func gap(_ time: Double, _ id: Int, _ direction: SessionEvent.Direction, _ count: Int) {
        if case let .gap(_, lastID, lastDirection, lastCount)? = items.last, lastID == id, lastDirection == direction {
            items[items.count - 1] = .gap(time: time, connection: id, direction: direction, count: lastCount + count)
        } else {
            append(.gap(time: time, connection: id, direction: direction, count: count))
        }
    }

    private mutating func append(_ item: TUIEngineEvent) {
        items.append(item)
        // Rare (a flood of tiny events): drop a batch at once so the cost stays amortised O(1).
        if items.count > maxEvents {
            let excess = items.count - maxEvents / 2
            for case let .session(old) in items[..<excess] { if case let .bytes(_, data) = old.kind { queuedBytes -= data.count } }
            items.removeFirst(excess)
            droppedEvents += excess
        }
    }
}
