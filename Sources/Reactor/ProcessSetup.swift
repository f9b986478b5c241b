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
}
