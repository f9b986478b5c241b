import Glibc

/// An IPv4 or IPv6 endpoint with a numeric host.
///
/// Why a value type with text in it rather than a wrapped `sockaddr_storage`: addresses are shown
/// to people, compared in tests, carried in events across threads and hashed in tables; the
/// conversion to `sockaddr` happens only at bind/connect time, once per connection.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    public enum Family: Sendable {
        case ipv4, ipv6
    }

    public var family: Family
    /// Numeric host text, e.g. "127.0.0.1" or "::1".
    public var host: String
    public var port: Int

    public init(family: Family, host: String, port: Int) {
        self.family = family
        self.host = host
        self.port = port
    }

    /// "127.0.0.1:65432" or "[::1]:65432".
    public var description: String {
        switch family {
        case .ipv4: return "\(host):\(port)"
        case .ipv6: return "[\(host)]:\(port)"
        }
    }

    /// The address as Python prints a socket address tuple: "('127.0.0.1', 65432)" or
    /// "('::1', 65432, 0, 0)" (flow info and scope id are always 0 here).
    public var pythonDescription: String {
        switch family {
        case .ipv4: return "('\(host)', \(port))"
        case .ipv6: return "('\(host)', \(port), 0, 0)"
        }
    }

    /// Resolves `host` with getaddrinfo (stream sockets), in the resolver's order, without
    /// duplicates.
    ///
    /// With `passive: true` an empty host means every IPv4 interface ("0.0.0.0"), as Python's
    /// `bind(("", port))` does; without it an empty host means the loopback addresses.
    public static func resolve(host: String, port: Int, passive: Bool = false) throws(SocketError) -> [SocketAddress] {
        let node: String? = host.isEmpty ? (passive ? "0.0.0.0" : nil) : host
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = passive ? AI_PASSIVE : 0
        var list: UnsafeMutablePointer<addrinfo>?
        let status: Int32
        if let node {
            status = getaddrinfo(node, String(port), &hints, &list)
        } else {
            status = getaddrinfo(nil, String(port), &hints, &list)
        }
        guard status == 0 else {
            let reason = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
            throw .resolutionFailed(host: host, reason: reason)
        }
        defer { freeaddrinfo(list) }
        var result: [SocketAddress] = []
        var cursor = list
        while let entry = cursor {
            if let sockaddr = entry.pointee.ai_addr, let address = SocketAddress(sockaddr) {
                if !result.contains(address) {
                    result.append(address)
                }
            }
            cursor = entry.pointee.ai_next
        }
        guard !result.isEmpty else {
            throw .resolutionFailed(host: host, reason: "no IPv4 or IPv6 address")
        }
        return result
    }

    /// Reads an AF_INET / AF_INET6 `sockaddr`; nil for any other family.
    init?(_ address: UnsafePointer<sockaddr>) {
        let raw = UnsafeRawPointer(address)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            let port = raw.loadUnaligned(fromByteOffset: MemoryLayout<sockaddr_in>.offset(of: \.sin_port)!, as: UInt16.self)
            let host = raw + MemoryLayout<sockaddr_in>.offset(of: \.sin_addr)!
            self.init(family: .ipv4, host: Self.dottedQuad(host), port: Int(UInt16(bigEndian: port)))
        case AF_INET6:
            let port = raw.loadUnaligned(fromByteOffset: MemoryLayout<sockaddr_in6>.offset(of: \.sin6_port)!, as: UInt16.self)
            let host = raw + MemoryLayout<sockaddr_in6>.offset(of: \.sin6_addr)!
            guard let text = Self.numericText(family: AF_INET6, host, length: Int(INET6_ADDRSTRLEN)) else { return nil }
            self.init(family: .ipv6, host: text, port: Int(UInt16(bigEndian: port)))
        default:
            return nil
        }
    }

    /// "a.b.c.d" for the four bytes at `address`, without inet_ntop's printf (one per accept).
    private static func dottedQuad(_ address: UnsafeRawPointer) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { text in
            var count = 0
            for index in 0..<4 {
                if index > 0 { text[count] = UInt8(ascii: "."); count += 1 }
                let byte = address.load(fromByteOffset: index, as: UInt8.self)
                if byte >= 100 { text[count] = 0x30 + byte / 100; count += 1 }
                if byte >= 10 { text[count] = 0x30 + byte / 10 % 10; count += 1 }
                text[count] = 0x30 + byte % 10
                count += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: text[..<count]), as: UTF8.self)
        }
    }

    private static func numericText(family: Int32, _ address: UnsafeRawPointer, length: Int) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: length) { buffer in
            guard inet_ntop(family, address, buffer.baseAddress, socklen_t(length)) != nil else { return nil }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// Calls `body` with this address as a `sockaddr` (for bind and connect).
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(SocketError) -> R) throws(SocketError) -> R {
        guard (0...65535).contains(port) else {
            throw .addressNotAvailable(description)
        }
        switch family {
        case .ipv4:
            var value = sockaddr_in()
            value.sin_family = sa_family_t(AF_INET)
            value.sin_port = UInt16(port).bigEndian
            guard inet_pton(AF_INET, host, &value.sin_addr) == 1 else {
                throw .addressNotAvailable(description)
            }
            return try withUnsafeBytes(of: &value) { (raw) throws(SocketError) -> R in
                try body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        case .ipv6:
            var value = sockaddr_in6()
            value.sin6_family = sa_family_t(AF_INET6)
            value.sin6_port = UInt16(port).bigEndian
            guard inet_pton(AF_INET6, host, &value.sin6_addr) == 1 else {
                throw .addressNotAvailable(description)
            }
            return try withUnsafeBytes(of: &value) { (raw) throws(SocketError) -> R in
                try body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
    }

    var addressFamily: Int32 {
        switch family {
        case .ipv4: return AF_INET
        case .ipv6: return AF_INET6
        }
    }
}
