import Foundation
import FrameCore
import Glibc
import LoopbackTestSupport
import Peers
import Reactor
import Testing

/// Room mode: the embedded server on any address, the addresses shown to attendees, and an idle
/// timeout that never cuts a slow-motion demo.
@Suite("room mode", .timeLimit(.minutes(1)))
struct RoomModeTests {
    static func entry(_ name: String, _ family: SocketAddress.Family, _ host: String, loopback: Bool = false) -> NetworkInterfaces.Entry {
        NetworkInterfaces.Entry(name: name, address: SocketAddress(family: family, host: host, port: 0), isLoopback: loopback)
    }

    static let interfaces = [
        entry("lo", .ipv4, "127.0.0.1", loopback: true), entry("lo", .ipv6, "::1", loopback: true),
        entry("eth0", .ipv4, "192.168.1.20"), entry("eth0", .ipv6, "fe80::1"), entry("eth0", .ipv6, "2001:db8::20"),
        entry("wlan0", .ipv4, "10.0.0.7"),
    ]

    @Test("0.0.0.0 lists every non-loopback IPv4 address with the port")
    func wildcardIPv4() {
        let join = RoomAddresses.join(listening: SocketAddress(family: .ipv4, host: "0.0.0.0", port: 65432), interfaces: Self.interfaces)
        #expect(join.map(\.description) == ["192.168.1.20:65432", "10.0.0.7:65432"])
    }

    @Test(":: lists IPv4 and global IPv6 addresses, not link-local or loopback")
    func wildcardIPv6() {
        let join = RoomAddresses.join(listening: SocketAddress(family: .ipv6, host: "::", port: 8080), interfaces: Self.interfaces)
        #expect(join.map(\.description) == ["192.168.1.20:8080", "[2001:db8::20]:8080", "10.0.0.7:8080"])
    }

    @Test("a concrete address is the only one")
    func concrete() {
        let address = SocketAddress(family: .ipv4, host: "127.0.0.1", port: 4000)
        #expect(RoomAddresses.join(listening: address, interfaces: Self.interfaces) == [address])
    }

    @Test("getifaddrs finds the loopback interface, flagged as loopback")
    func interfacesOfThisMachine() {
        let all = NetworkInterfaces.addresses()
        #expect(all.contains { $0.address.host == "127.0.0.1" && $0.isLoopback })
        #expect(!all.contains { $0.address.host == "127.0.0.1" && !$0.isLoopback })
    }

    @Test("the embedded server on 0.0.0.0 accepts a client from another address (127.0.0.2) as a server row")
    func clientFromAnotherAddress() throws {
        let engine = TUIEngine(target: .served(.embedded(mode: .app, host: "0.0.0.0", port: 0)))
        _ = try engine.start()
        defer { engine.stop() }
        let port = try #require(engine.targetAddress?.port)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var local = RawClient.loopback(port: 0)
        local.sin_addr.s_addr = inet_addr("127.0.0.2")
        var remote = RawClient.loopback(port: port)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(bound == 0)
        let connected = withUnsafePointer(to: &remote) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(connected == 0)
        var events: [SessionEvent] = []
        let seen = eventually {
            events += engine.drainEvents().events.compactMap { if case let .session(e) = $0 { e } else { nil } }
            return events.contains { if case let .opened(.server, peer, _) = $0.kind { peer.hasPrefix("127.0.0.2:") } else { false } }
        }
        #expect(seen, "\(events.map(\.kind))")
    }

    /// Sends `request` one byte every `gap`, then reads the reply; the bytes and how it ended.
    static func trickle(port: Int, _ request: [UInt8], gap: UInt32) throws -> ([UInt8], ReadEnd) {
        let client = try RawClient(port: port)
        for byte in request {
            guard client.send([byte]) else { break }
            usleep(gap)
        }
        return client.readToEnd(timeout: 5)
    }

    @Test("the TUI's server counts every byte as progress: a request trickled slower than a part per timeout is answered")
    func slowMotionDemoIsNotCut() throws {
        let request = Wire.search("morpheus")
        let gap: UInt32 = 15_000  // 146 bytes ≈ 2.2 s: the JSON header alone takes longer than the timeout
        let tui = try ServerHarness { $0 = .embedded(mode: .app, idleTimeout: .milliseconds(600)) }
        defer { tui.stop() }
        let (reply, end) = try Self.trickle(port: tui.port, request, gap: gap)
        #expect(reply == Wire.jsonReply("Follow the white rabbit. \u{1F430}"))
        #expect(end == .eof)
        // The CLI server's rule (whole parts) cuts the same client: the difference is the setting.
        let cli = try ServerHarness { $0.idleTimeout = .milliseconds(600) }
        defer { cli.stop() }
        let (cut, _) = try Self.trickle(port: cli.port, request, gap: gap)
        #expect(cut.isEmpty)
    }
}
