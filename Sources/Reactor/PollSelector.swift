import Glibc

/// The portable selector: poll(2) over an array kept in registration order.
///
/// Why keep it: it is what a system without epoll has, and running the test suite and the peers
/// on it (SOCKETLAB_SELECTOR=poll) shows the loop depends only on the `Selector` contract. Each
/// wait costs the number of registrations, so it is not for 10k connections.
public final class PollSelector: Selector {
    private var descriptors: [pollfd] = []
    private var tokens: [UInt64] = []
    /// fd -> index in `descriptors`.
    private var indexes: [Int32: Int] = [:]

    public init() {}

    public func register(fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {
        guard indexes[fd] == nil else { throw .system(call: "poll register", errno: EEXIST) }
        indexes[fd] = descriptors.count
        descriptors.append(pollfd(fd: fd, events: Self.flags(interest), revents: 0))
        tokens.append(token)
    }

    public func modify(fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {
        guard let index = indexes[fd] else { throw .system(call: "poll modify", errno: ENOENT) }
        descriptors[index].events = Self.flags(interest)
        tokens[index] = token
    }

    public func unregister(fd: Int32) throws(SocketError) {
        guard let index = indexes.removeValue(forKey: fd) else { throw .system(call: "poll unregister", errno: ENOENT) }
        let last = descriptors.count - 1
        if index != last {
            descriptors[index] = descriptors[last]
            tokens[index] = tokens[last]
            indexes[descriptors[index].fd] = index
        }
        descriptors.removeLast()
        tokens.removeLast()
    }

    public func select(timeout: Duration?, into events: inout [SelectorEvent]) throws(SocketError) {
        events.removeAll(keepingCapacity: true)
        let milliseconds = Duration.pollTimeout(timeout)
        let count = try descriptors.withUnsafeMutableBufferPointer { (pointer) throws(SocketError) -> Int32 in
            try checkedSyscall("poll") { poll(pointer.baseAddress, nfds_t(pointer.count), milliseconds) }
        }
        guard count > 0 else { return }
        for index in descriptors.indices where descriptors[index].revents != 0 {
            let flags = Int32(descriptors[index].revents)
            events.append(SelectorEvent(
                token: tokens[index],
                readable: flags & Int32(POLLIN) != 0,
                writable: flags & Int32(POLLOUT) != 0,
                hangup: flags & Int32(POLLHUP) != 0,
                error: flags & (Int32(POLLERR) | Int32(POLLNVAL)) != 0
            ))
        }
    }

    private static func flags(_ interest: Interest) -> Int16 {
        var flags: Int16 = 0
        if interest.contains(.read) { flags |= Int16(POLLIN) }
        if interest.contains(.write) { flags |= Int16(POLLOUT) }
        return flags
    }
}

@available(*, unavailable)
extension PollSelector: Sendable {}
