import Glibc

/// The machine's interface addresses, from getifaddrs(3).
///
/// Why: in room mode the server listens on every interface (`0.0.0.0`), and the people in the
/// room need the concrete addresses to type into their clients; the title bar lists them.
public enum NetworkInterfaces {
    /// One address of one interface that is up.
    public struct Entry: Sendable, Equatable {
        /// The interface name, e.g. "eth0".
        public var name: String
        /// The address, with port 0.
        public var address: SocketAddress
        public var isLoopback: Bool

        public init(name: String, address: SocketAddress, isLoopback: Bool) {
            self.name = name
            self.address = address
            self.isLoopback = isLoopback
        }
    }

    /// Every IPv4 and IPv6 address of every interface that is up, in the kernel's order; empty if
    /// getifaddrs fails.
    public static func addresses() -> [Entry] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var result: [Entry] = []
        var cursor = list
        while let entry = cursor {
            cursor = entry.pointee.ifa_next
            let flags = entry.pointee.ifa_flags
            guard flags & UInt32(IFF_UP) != 0, let raw = entry.pointee.ifa_addr,
                  let address = SocketAddress(UnsafePointer(raw)) else { continue }
            result.append(Entry(name: String(cString: entry.pointee.ifa_name), address: address,
                                isLoopback: flags & UInt32(IFF_LOOPBACK) != 0))
        }
        return result
    }
}
