import Glibc

/// Waits until registered descriptors are ready, like Python's `selectors` module.
///
/// Why a protocol with one file per backend: epoll is what the server needs for 10k connections,
/// poll is the portable fallback and a way to check that nothing depends on epoll. The loop hands
/// every registration an opaque `token` (it packs the fd and a registration id) and gets it back in
/// the event, so a stale event for a reused fd number can be recognised and dropped.
/// Registrations are level-triggered; hang-up and error are always reported.
public protocol Selector: AnyObject {
    func register(fd: Int32, interest: Interest, token: UInt64) throws(SocketError)
    func modify(fd: Int32, interest: Interest, token: UInt64) throws(SocketError)
    func unregister(fd: Int32) throws(SocketError)
    /// `fd` is about to be closed: drop its registration. The default calls `unregister`; epoll
    /// skips the call because close(2) removes the descriptor from the interest set (every socket
    /// here is close-on-exec and never duplicated), which saves a syscall per connection.
    func unregisterBeforeClose(fd: Int32)
    /// Waits at most `timeout` (nil: until an event) and replaces the contents of `events` with what
    /// is ready. The array is reused between calls so a busy loop does not allocate.
    func select(timeout: Duration?, into events: inout [SelectorEvent]) throws(SocketError)
}

extension Selector {
    public func unregisterBeforeClose(fd: Int32) {
        try? unregister(fd: fd)
    }
}

/// The selector for this process: epoll, or poll when the environment variable
/// `SOCKETLAB_SELECTOR` is `poll` or epoll cannot be created.
public func makeDefaultSelector() throws(SocketError) -> any Selector {
    if let choice = getenv("SOCKETLAB_SELECTOR"), String(cString: choice) == "poll" {
        return PollSelector()
    }
    do {
        return try EpollSelector()
    } catch {
        guard case .system(_, ENOSYS) = error else { throw error }
        return PollSelector()
    }
}

extension Duration {
    /// Whole milliseconds for epoll_wait/poll, rounded up so that a timer is never woken early
    /// (which would spin with a 0 ms timeout until the deadline); nil becomes -1 (wait forever).
    static func pollTimeout(_ timeout: Duration?) -> Int32 {
        guard let timeout else { return -1 }
        if timeout <= .zero { return 0 }
        let (seconds, attoseconds) = timeout.components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let milliseconds = seconds * 1000 + (attoseconds + perMillisecond - 1) / perMillisecond
        return Int32(clamping: milliseconds)
    }
}
