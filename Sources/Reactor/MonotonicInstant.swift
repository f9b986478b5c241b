import Glibc

/// A reading of the monotonic clock (CLOCK_MONOTONIC), in nanoseconds: what the loop's timers,
/// idle deadlines, the load generator and the benchmarks measure intervals with.
///
/// Why not `ContinuousClock.Instant`: that type's layout is hidden in the standard library
/// (resilient), so every copy of one stored in a loop-owned class goes through a value-witness call
/// the optimizer cannot see into, and release builds then keep the runtime exclusivity check on
/// every access to the field that holds it (Benchmarks/README.md). This is one plain `Int64`.
/// Arithmetic saturates: no duration a user types can make it trap.
public struct MonotonicInstant: Comparable, Hashable, Sendable {
    /// Nanoseconds since an arbitrary point (boot, on Linux).
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The clock now.
    public static func now() -> MonotonicInstant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return MonotonicInstant(nanoseconds: Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec))
    }

    public static func < (a: MonotonicInstant, b: MonotonicInstant) -> Bool {
        a.nanoseconds < b.nanoseconds
    }

    /// `instant` moved by `duration`, clamped to the representable range (about ±292 years).
    public static func + (instant: MonotonicInstant, duration: Duration) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: instant.nanoseconds.addingSaturated(duration.saturatedNanoseconds))
    }

    /// The signed time from `b` to `a`.
    public static func - (a: MonotonicInstant, b: MonotonicInstant) -> Duration {
        .nanoseconds(a.nanoseconds.subtractingSaturated(b.nanoseconds))
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to `Int64`'s range.
    public var saturatedNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return whole.addingSaturated(attoseconds / 1_000_000_000)
    }
}

extension Int64 {
    func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other < 0 ? .min : .max) : sum
    }

    func subtractingSaturated(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }
}
