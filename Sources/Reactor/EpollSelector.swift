import Glibc

/// The Linux selector: one epoll instance, level-triggered.
///
/// Why: epoll's cost per wait is the number of ready descriptors, not the number registered, which
/// is what lets 10k idle connections cost nothing. The kernel's event array is allocated once and
/// grows only when a wait fills it.
public final class EpollSelector: Selector {
    private let epollFD: Int32
    private let ctl: LinuxCalls.EpollCtl
    private let wait: LinuxCalls.EpollWait
    /// `capacity` raw `epoll_event`s (see `LinuxCalls.epollEventStride`).
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int

    public init(initialCapacity: Int = 1024) throws(SocketError) {
        guard let create = LinuxCalls.epollCreate1, let ctl = LinuxCalls.epollCtl, let wait = LinuxCalls.epollWait else {
            throw .system(call: "epoll_create1", errno: ENOSYS)
        }
        epollFD = try checkedSyscall("epoll_create1") { create(LinuxCalls.epollCloexec) }
        self.ctl = ctl
        self.wait = wait
        capacity = max(16, initialCapacity)
        buffer = .allocate(byteCount: capacity * LinuxCalls.epollEventStride, alignment: 8)
    }

    deinit {
        buffer.deallocate()
        _ = Glibc.close(epollFD)
    }

    public func register(fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {
        try control(LinuxCalls.epollCtlAdd, "epoll_ctl(ADD)", fd: fd, interest: interest, token: token)
    }

    public func modify(fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {
        try control(LinuxCalls.epollCtlMod, "epoll_ctl(MOD)", fd: fd, interest: interest, token: token)
    }

    public func unregister(fd: Int32) throws(SocketError) {
        try checkedSyscall("epoll_ctl(DEL)") { ctl(epollFD, LinuxCalls.epollCtlDel, fd, nil) }
    }

    public func unregisterBeforeClose(fd: Int32) {}

    public func select(timeout: Duration?, into events: inout [SelectorEvent]) throws(SocketError) {
        events.removeAll(keepingCapacity: true)
        let milliseconds = Duration.pollTimeout(timeout)
        let count = Int(try checkedSyscall("epoll_wait") { wait(epollFD, buffer, Int32(capacity), milliseconds) })
        for index in 0..<count {
            let entry = buffer + index * LinuxCalls.epollEventStride
            let flags = entry.loadUnaligned(as: UInt32.self)
            events.append(SelectorEvent(
                token: entry.loadUnaligned(fromByteOffset: LinuxCalls.epollDataOffset, as: UInt64.self),
                readable: flags & LinuxCalls.epollIn != 0,
                writable: flags & LinuxCalls.epollOut != 0,
                hangup: flags & LinuxCalls.epollHup != 0,
                error: flags & LinuxCalls.epollErr != 0
            ))
        }
        if count == capacity {
            buffer.deallocate()
            capacity *= 2
            buffer = .allocate(byteCount: capacity * LinuxCalls.epollEventStride, alignment: 8)
        }
    }

    private func control(_ operation: Int32, _ call: String, fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {
        var flags: UInt32 = 0
        if interest.contains(.read) { flags |= LinuxCalls.epollIn }
        if interest.contains(.write) { flags |= LinuxCalls.epollOut }
        try withUnsafeTemporaryAllocation(byteCount: LinuxCalls.epollEventStride, alignment: 8) { (event) throws(SocketError) in
            event.storeBytes(of: flags, toByteOffset: 0, as: UInt32.self)
            event.storeBytes(of: token, toByteOffset: LinuxCalls.epollDataOffset, as: UInt64.self)
            try checkedSyscall(call) { ctl(epollFD, operation, fd, event.baseAddress) }
        }
    }
}

@available(*, unavailable)
extension EpollSelector: Sendable {}
