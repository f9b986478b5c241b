import Synchronization

/// What one load worker has done so far, readable from the thread that prints progress.
///
/// Why atomics and not a lock: the worker's loop updates them on every request and must never
/// wait; the progress line only needs a recent value, so relaxed ordering is enough.
final class LoadCounters: Sendable {
    /// Measured requests answered correctly.
    let completed = Atomic<Int>(0)
    /// Measured requests that failed, any kind.
    let failed = Atomic<Int>(0)
    /// Requests answered during the warm-up (not measured).
    let warmupCompleted = Atomic<Int>(0)
}

/// The `--requests` cap, shared by every worker: each measured request takes one ticket.
final class LoadBudget: Sendable {
    private let remaining: Atomic<Int>

    init(_ limit: Int?) {
        remaining = Atomic(limit ?? Int.max)
    }

    /// True if a ticket was left (and is now taken).
    func take() -> Bool {
        remaining.wrappingSubtract(1, ordering: .relaxed).oldValue > 0
    }
}
