import Glibc

/// Process-wide settings a socket program needs before it opens sockets.
///
/// Why: a write to a socket whose peer has gone raises SIGPIPE, which by default kills the process;
/// every send here passes MSG_NOSIGNAL, but ignoring the signal also covers anything else in the
/// process. And the default soft limit of 1024 descriptors is far below 10k connections.
public enum ProcessSetup {
    /// Sets SIGPIPE to SIG_IGN for the whole process.
    public static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Raises the soft RLIMIT_NOFILE to the hard limit; returns the limits now in force.
    @discardableResult
    public static func raiseOpenFileLimit() -> (soft: Int, hard: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
            return (0, 0)
        }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 {
                limit = raised
            }
        }
        return (Int(clamping: limit.rlim_cur), Int(clamping: limit.rlim_max))
    }

    /// Lets malloc keep freed blocks of up to `bytes` in the heap for the next request instead of
    /// unmapping them (glibc's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD). Without it every request of
    /// 32 MiB or more gets fresh pages from the kernel and page-faults its way through them: a
    /// 64 MiB request then costs about twice the time (Benchmarks/README.md). The price is RSS
    /// that stays at the largest recent request. Returns false where glibc's `mallopt` is missing.
    @discardableResult
    public static func reuseLargeAllocations(upTo bytes: Int32 = 1 << 30) -> Bool {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1  // <malloc.h>
        return mallopt(mmapThreshold, bytes) == 1 && mallopt(trimThreshold, bytes) == 1
    }
}
