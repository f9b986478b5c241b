import Glibc

/// epoll, eventfd and accept4, which Swift's Glibc module does not import (it leaves out
/// `sys/epoll.h` and `sys/eventfd.h`, and `accept4` needs `_GNU_SOURCE`).
///
/// Why `dlsym` rather than a C shim target: these five functions are all this module needs, and a
/// function pointer typed `@convention(c)` calls them with the exact C calling convention. Each is
/// looked up once; a missing one reads as ENOSYS (and a missing epoll means the poll selector).
enum LinuxCalls {
    typealias EpollCreate1 = @convention(c) (Int32) -> Int32
    typealias EpollCtl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFD = @convention(c) (UInt32, Int32) -> Int32
    typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    static let epollCreate1: EpollCreate1? = symbol("epoll_create1")
    static let epollCtl: EpollCtl? = symbol("epoll_ctl")
    static let epollWait: EpollWait? = symbol("epoll_wait")
    static let eventFD: EventFD? = symbol("eventfd")
    static let accept4: Accept4? = symbol("accept4")

    // Values from <sys/epoll.h> and <sys/eventfd.h> (the same on every Linux architecture).
    static let epollIn: UInt32 = 0x001
    static let epollOut: UInt32 = 0x004
    static let epollErr: UInt32 = 0x008
    static let epollHup: UInt32 = 0x010
    static let epollCtlAdd: Int32 = 1
    static let epollCtlDel: Int32 = 2
    static let epollCtlMod: Int32 = 3
    static let epollCloexec = Int32(O_CLOEXEC)
    static let eventFDNonBlock = Int32(O_NONBLOCK)
    static let eventFDCloexec = Int32(O_CLOEXEC)

    /// `struct epoll_event` is `{ uint32_t events; epoll_data_t data; }`, packed on x86-64
    /// (12 bytes), naturally aligned elsewhere (16 bytes).
    #if arch(x86_64)
    static let epollEventStride = 12
    static let epollDataOffset = 4
    #else
    static let epollEventStride = 16
    static let epollDataOffset = 8
    #endif

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else {
            return nil
        }
        return unsafeBitCast(pointer, to: T.self)
    }
}
