import Glibc

/// What a non-blocking system call did: finished with a value, or would have had to wait.
enum SyscallOutcome<T> {
    case done(T)
    case wouldBlock
}

/// Which errno values mean "not now" rather than failure for a given call.
enum WouldBlockErrnos {
    /// EAGAIN / EWOULDBLOCK: reads, writes, accept.
    case again
    /// EINPROGRESS: a non-blocking connect that has started.
    case inProgress
    /// Any errno is a failure (socket, bind, epoll_ctl, ...).
    case none

    @inline(__always)
    func matches(_ code: Int32) -> Bool {
        switch self {
        case .again: return code == EAGAIN || code == EWOULDBLOCK
        case .inProgress: return code == EINPROGRESS
        case .none: return false
        }
    }
}

/// The one wrapper every system call of this module goes through (except `close`, which must not
/// be retried on Linux): retries EINTR, reports the "not now" errno of the call as `.wouldBlock`,
/// and throws every other errno as a typed `SocketError`.
///
/// `body` returns the raw C result; a value of -1 means "look at errno". `errno` is read straight
/// after the call so nothing in between can overwrite it.
@inline(__always)
func syscall<T: FixedWidthInteger>(
    _ call: String,
    address: SocketAddress? = nil,
    wouldBlock: WouldBlockErrnos = .none,
    _ body: () -> T
) throws(SocketError) -> SyscallOutcome<T> {
    while true {
        let result = body()
        if result != -1 {
            return .done(result)
        }
        let code = errno
        if code == EINTR {
            continue
        }
        if wouldBlock.matches(code) {
            return .wouldBlock
        }
        throw SocketError(errno: code, call: call, address: address)
    }
}

/// `syscall` for calls that have no "not now" outcome: returns the result or throws.
@inline(__always)
@discardableResult
func checkedSyscall<T: FixedWidthInteger>(
    _ call: String,
    address: SocketAddress? = nil,
    _ body: () -> T
) throws(SocketError) -> T {
    switch try syscall(call, address: address, wouldBlock: .none, body) {
    case .done(let value): return value
    case .wouldBlock: fatalError("unreachable: \(call) has no would-block errno")
    }
}
