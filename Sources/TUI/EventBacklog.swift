import DequeModule

/// Session events drained from the engine but not yet applied: the UI thread applies them in
/// slices of bounded time (`apply(until:)`) and looks at the keyboard between slices, so a key
/// pressed during a flood waits for one slice, not for a whole batch (up to 1 MiB of bytes or
/// 100,000 small events).
public struct EventBacklog<Event> {
    private var events = Deque<Event>()

    public init() {}

    public var isEmpty: Bool { events.isEmpty }
    public var count: Int { events.count }

    public mutating func append<Events: Sequence<Event>>(contentsOf more: Events) {
        events.append(contentsOf: more)
    }

    /// Hands events to `body`, oldest first, until `deadline` has passed; at least one per call
    /// (the clock is read after each), so the backlog always drains. Returns how many were applied.
    @discardableResult
    public mutating func apply(until deadline: ContinuousClock.Instant, _ body: (Event) -> Void) -> Int {
        var applied = 0
        while let event = events.popFirst() {
            body(event)
            applied += 1
            if ContinuousClock.now >= deadline { break }
        }
        return applied
    }
}
