import CReactorShims
import Glibc

/// The Linux selector: one epoll instance, level-triggered.
///
/// Why: epoll's cost per wait is the number of ready descriptors, not the number registered, which
/// is what lets 10k idle connections cost nothing. The kernel's event array is allocated once and
/// grows only when a wait fills it.
public final class EpollSelector: Selector {
    private let epollFD: Int32
    private var buffer: UnsafeMutablePointer<epoll_event>
    private var capacity: Int

    public init(initialCapacity: Int = 1024) throws(SocketError) {
        epollFD = try checkedSyscall("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        capacity = max(16, initialCapacity)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        _ = Glibc.close(epollFD)
    }

    public func register(fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {
        try control(EPOLL_CTL_ADD, "epoll_ctl(ADD)", fd: fd, interest: interest, token: token)
    }

    public func modify(fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {
        try control(EPOLL_CTL_MOD, "epoll_ctl(MOD)", fd: fd, interest: interest, token: token)
    }

    public func unregister(fd: Int32) throws(SocketError) {
        try checkedSyscall("epoll_ctl(DEL)") { epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil) }
    }

    public func unregisterBeforeClose(fd: Int32) {}

    public func select(timeout: Duration?, into events: inout [SelectorEvent]) throws(SocketError) {
        events.removeAll(keepingCapacity: true)
        let milliseconds = Duration.pollTimeout(timeout)
        let count = Int(try checkedSyscall("epoll_wait") { epoll_wait(epollFD, buffer, Int32(capacity), milliseconds) })
        for index in 0..<count {
            let entry = buffer[index]
            let flags = entry.events
            events.append(SelectorEvent(
                token: entry.data.u64,
                readable: flags & EPOLLIN.rawValue != 0,
                writable: flags & EPOLLOUT.rawValue != 0,
                hangup: flags & EPOLLHUP.rawValue != 0,
                error: flags & EPOLLERR.rawValue != 0
            ))
        }
        if count == capacity {
            buffer.deallocate()
            capacity *= 2
            buffer = .allocate(capacity: capacity)
        }
    }

    private func control(_ operation: Int32, _ call: String, fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {
        var event = epoll_event()
        if interest.contains(.read) { event.events |= EPOLLIN.rawValue }
        if interest.contains(.write) { event.events |= EPOLLOUT.rawValue }
        event.data.u64 = token
        try checkedSyscall(call) { epoll_ctl(epollFD, operation, fd, &event) }
    }
}

@available(*, unavailable)
extension EpollSelector: Sendable {}
