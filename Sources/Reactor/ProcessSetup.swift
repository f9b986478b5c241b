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

    /// The soft RLIMIT_NOFILE now in force (nil if it cannot be read; Int.max when unlimited).
    public static var openFileLimit: Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return Int(clamping: limit.rlim_cur)
    }

    /// Descriptors this process can still open before its soft RLIMIT_NOFILE (EMFILE): the limit
    /// minus those open now (counted in /proc/self/fd). Nil where either cannot be read. A caller
    /// about to open many sockets sizes its work with this instead of discovering the limit as
    /// a stream of failed connects.
    public static func spareDescriptors() -> Int? {
        guard let limit = openFileLimit, let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var open = -1  // the directory's own descriptor is listed too
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { $0.first == UInt8(ascii: ".") }
            if !isDot { open += 1 }
        }
        return max(0, limit - max(0, open))
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
