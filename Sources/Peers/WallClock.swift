import Glibc

/// Wall-clock seconds since the Unix epoch, the timestamp of every `SessionEvent`.
enum WallClock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
