import Reactor

/// The addresses people in the room can connect to, for a server listening on `listening`.
///
/// Why a function of its own: the rule is what an instructor needs to read off the title bar.
/// A wildcard address (`0.0.0.0`, `::`) means every non-loopback interface address of that family
/// (IPv6 link-local ones need a scope id nobody types, so they are left out; `::` also accepts
/// IPv4); a concrete address is the only one. Each comes with the listening port.
public enum RoomAddresses {
    public static func join(listening: SocketAddress, interfaces: [NetworkInterfaces.Entry]) -> [SocketAddress] {
        let wildcardV4 = listening.family == .ipv4 && listening.host == "0.0.0.0"
        let wildcardV6 = listening.family == .ipv6 && listening.host == "::"
        guard wildcardV4 || wildcardV6 else { return [listening] }
        var result: [SocketAddress] = []
        for entry in interfaces where !entry.isLoopback {
            var address = entry.address
            if address.family == .ipv6 && (!wildcardV6 || address.host.lowercased().hasPrefix("fe80")) { continue }
            address.port = listening.port
            if !result.contains(address) { result.append(address) }
        }
        return result
    }
}
