/// An IPv4 or IPv6 address and a TCP port as raw bytes: what a packet carries.
///
/// `SessionEvent` carries addresses as text ("127.0.0.1:5555", "[::1]:5555", as the reactor
/// prints them); the pcap writer needs the bytes and the reader prints them back the same way,
/// without Glibc's `inet_pton` (this target is pure).
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6).
    public var address: [UInt8]
    public var port: UInt16

    public init(address: [UInt8], port: UInt16) {
        self.address = address
        self.port = port
    }

    public var isIPv6: Bool { address.count == 16 }

    /// Hashes the address as whole words, not byte by byte: the pcap writer and the reassembler
    /// look a stream up by its two endpoints for every segment.
    public func hash(into hasher: inout Hasher) {
        var word: UInt64 = 0
        for (i, byte) in address.enumerated() {
            word = word << 8 | UInt64(byte)
            if i % 8 == 7 {
                hasher.combine(word)
                word = 0
            }
        }
        hasher.combine(word)
        hasher.combine(port)
    }

    /// Parses "HOST:PORT" or "[HOST6]:PORT"; nil for anything else (e.g. "?").
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count <= 64, let colon = utf8.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        guard let port = UInt16(String(decoding: utf8[(colon + 1)...], as: UTF8.self)) else { return nil }
        var host = Array(utf8[..<colon])
        if host.first == UInt8(ascii: "[") {
            guard host.last == UInt8(ascii: "]"), host.count > 2 else { return nil }
            host = Array(host[1..<(host.count - 1)])
            if let percent = host.firstIndex(of: UInt8(ascii: "%")) { host = Array(host[..<percent]) }
            guard let bytes = Self.parseIPv6(host) else { return nil }
            self.init(address: bytes, port: port)
        } else {
            guard let bytes = Self.parseIPv4(host) else { return nil }
            self.init(address: bytes, port: port)
        }
    }

    /// "127.0.0.1:5555" or "[::1]:5555", as `SocketAddress.description` prints it.
    public var description: String {
        isIPv6 ? "[\(hostText)]:\(port)" : "\(hostText):\(port)"
    }

    /// The address alone, IPv6 compressed as RFC 5952 says (longest run of zero groups as "::").
    public var hostText: String {
        if !isIPv6 { return address.map(String.init).joined(separator: ".") }
        var groups: [UInt16] = []
        for i in stride(from: 0, to: 16, by: 2) { groups.append(UInt16(address[i]) << 8 | UInt16(address[i + 1])) }
        var best = (start: -1, length: 0)
        var i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8, groups[j] == 0 { j += 1 }
                if j - i > best.length, j - i >= 2 { best = (i, j - i) }
                i = j
            } else {
                i += 1
            }
        }
        func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
        guard best.start >= 0 else { return hex(0..<8) }
        return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
    }

    static func parseIPv4(_ text: [UInt8]) -> [UInt8]? {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ (48...57).contains($0) }),
                  let value = UInt8(String(decoding: part, as: UTF8.self)) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: [UInt8]) -> [UInt8]? {
        guard text.count >= 2, text.count <= 45 else { return nil }
        func groups(_ part: ArraySlice<UInt8>) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains(UInt8(ascii: ".")) {
                    guard let v4 = parseIPv4(Array(piece)) else { return nil }
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(String(decoding: piece, as: UTF8.self), radix: 16) else {
                    return nil
                }
                result.append(value)
            }
            return result
        }
        var all: [UInt16]
        if let gap = Self.doubleColon(in: text) {
            guard let head = groups(text[..<gap]), let tail = groups(text[(gap + 2)...]), head.count + tail.count < 8 else {
                return nil
            }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let whole = groups(text[...]), whole.count == 8 else { return nil }
            all = whole
        }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    private static func doubleColon(in text: [UInt8]) -> Int? {
        var found: Int?
        var i = 0
        while i + 1 < text.count {
            if text[i] == UInt8(ascii: ":"), text[i + 1] == UInt8(ascii: ":") {
                if found != nil { return nil }  // two "::" is invalid; treated as no gap, so parsing fails
                found = i
                i += 2
            } else {
                i += 1
            }
        }
        return found
    }
}
