import Glibc

/// Wall-clock time, the timestamp of every `ReactorEvent` and `SessionEvent`.
///
/// Why one helper: events are shown and recorded with the time of day, which only the realtime
/// clock gives; everything that measures an interval (timers, timeouts, the load generator, the
/// benchmarks) uses `MonotonicInstant` instead, which never jumps.
public enum WallClock {
    /// Seconds since the Unix epoch (CLOCK_REALTIME), with nanosecond resolution.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
