import FrameCore

/// Writes a session as a libpcap file (link type RAW: IPv4 or IPv6 packets) that Wireshark opens
/// as ordinary TCP: each connection becomes one stream with a synthesized handshake (SYN,
/// SYN-ACK, ACK), one segment per read or write (split at 65,495 bytes), correct sequence and
/// acknowledgement numbers, valid checksums, and a closing FIN exchange.
///
/// Segments are written from one end's point of view: its writes go from its address to its
/// peer's, its reads the other way. When both ends of a connection are in the session (the TUI's
/// client and its embedded server), the second one to be known is a mirror of the first and adds
/// nothing, so the stream appears once.
///
/// A client connection only learns its own address once connected; the writer takes it from the
/// `connected from ADDRESS` state the peers report (`SessionSink`) and writes the handshake then.
public struct PcapWriter: CaptureEncoder {
    /// LINKTYPE_RAW: the packet starts with the IP header, version in the first nibble.
    public static let linkType: UInt32 = 101
    public static let snapLength: UInt32 = 262_144
    /// The state text that carries a client connection's own address.
    public static let connectedPrefix = "connected from "

    private struct Stream {
        var client: Endpoint
        var server: Endpoint
        var clientNext: UInt32
        var serverNext: UInt32
    }

    /// What the writer knows of one session connection.
    private enum Link {
        /// Opened, addresses not both known yet.
        case waiting(side: SessionEvent.Side, peer: Endpoint?, openedAt: Double)
        /// Writes this stream, from `side`'s point of view.
        case owner(StreamKey, side: SessionEvent.Side)
        /// The other end of a stream another connection writes: ignored.
        case mirror
    }

    private struct StreamKey: Hashable {
        var client: Endpoint
        var server: Endpoint
    }

    private var links: [Int: Link] = [:]
    private var streams: [StreamKey: Stream] = [:]
    /// When recently closed streams closed: the other end of a connection may learn its address
    /// only after its owner closed, and must still be recognised as a mirror, not a new stream.
    private var closedAt: [StreamKey: Double] = [:]
    private var ipID: UInt16 = 0

    public init() {}

    public mutating func begin() -> [UInt8] {
        var header: [UInt8] = []
        header += Self.le32(0xA1B2_C3D4)
        header += [2, 0, 4, 0]  // version 2.4
        header += Self.le32(0) + Self.le32(0)  // thiszone, sigfigs
        header += Self.le32(Self.snapLength)
        header += Self.le32(Self.linkType)
        return header
    }

    /// Whether an event of this kind can add anything to a pcap (opened, connected, bytes,
    /// closed): a recorder skips the rest before queueing them.
    public static func uses(_ kind: SessionEvent.Kind) -> Bool {
        switch kind {
        case .opened, .bytes, .closed: return true
        case let .state(text): return text.hasPrefix(connectedPrefix)
        default: return false
        }
    }

    public mutating func encode(_ event: SessionEvent) -> [UInt8] {
        guard let id = event.connection else { return [] }
        switch event.kind {
        case .opened(.listener, _, _):
            return []  // a listening socket carries no stream
        case let .opened(side, peer, local):
            links[id] = .waiting(side: side, peer: Endpoint(peer), openedAt: event.time)
            if let localEndpoint = Endpoint(local) { return attach(id, local: localEndpoint, time: event.time) }
            return []
        case let .state(text) where text.hasPrefix(Self.connectedPrefix):
            guard let local = Endpoint(String(text.dropFirst(Self.connectedPrefix.count))) else { return [] }
            return attach(id, local: local, time: event.time)
        case let .bytes(direction, bytes):
            guard case let .owner(key, side)? = links[id], var stream = streams[key], !bytes.isEmpty else { return [] }
            let fromClient = (side == .client) == (direction == .out)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 72)
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + PacketBuilder.maxPayload)
                segment(&stream, fromClient: fromClient, flags: [.psh, .ack], payload: bytes[offset..<end], time: event.time, to: &out)
                offset = end
            }
            streams[key] = stream
            return out
        case let .closed(reason):
            defer { links[id] = nil }
            guard case let .owner(key, side)? = links[id], var stream = streams.removeValue(forKey: key) else { return [] }
            if closedAt.count >= 65_536 { closedAt.removeAll(keepingCapacity: true) }
            closedAt[key] = event.time
            // The end that closed first sends the first FIN: the peer when it "closed by peer".
            let peerFirst = reason.contains("peer")
            let firstFromClient = (side == .client) != peerFirst
            var out: [UInt8] = []
            segment(&stream, fromClient: firstFromClient, flags: [.fin, .ack], time: event.time, to: &out)
            segment(&stream, fromClient: !firstFromClient, flags: [.fin, .ack], time: event.time, to: &out)
            segment(&stream, fromClient: firstFromClient, flags: [.ack], time: event.time, to: &out)
            return out
        default:
            return []
        }
    }

    /// Both addresses are known: start the stream (handshake), or mark the connection a mirror.
    private mutating func attach(_ id: Int, local: Endpoint, time: Double) -> [UInt8] {
        guard case let .waiting(side, peer?, openedAt)? = links[id], peer.isIPv6 == local.isIPv6 else { return [] }
        let key = side == .client ? StreamKey(client: local, server: peer) : StreamKey(client: peer, server: local)
        if streams[key] != nil || closedAt[key].map({ openedAt <= $0 }) == true {
            links[id] = .mirror
            return []
        }
        links[id] = .owner(key, side: side)
        // Initial sequence numbers: arbitrary but deterministic, so a recording is reproducible.
        let seed = UInt32(truncatingIfNeeded: id &* 2_654_435_761)
        var stream = Stream(client: key.client, server: key.server, clientNext: seed, serverNext: seed ^ 0x5A5A_5A5A)
        var out: [UInt8] = []
        segment(&stream, fromClient: true, flags: [.syn], time: time, to: &out)
        segment(&stream, fromClient: false, flags: [.syn, .ack], time: time, to: &out)
        segment(&stream, fromClient: true, flags: [.ack], time: time, to: &out)
        streams[key] = stream
        return out
    }

    /// One pcap record; advances the sender's sequence number by the payload (and SYN/FIN).
    private mutating func segment(_ stream: inout Stream, fromClient: Bool, flags: TCPFlags, payload: ArraySlice<UInt8> = [],
                                  time: Double, to out: inout [UInt8]) {
        let segment = TCPSegment(time: time,
                                 source: fromClient ? stream.client : stream.server,
                                 destination: fromClient ? stream.server : stream.client,
                                 sequence: fromClient ? stream.clientNext : stream.serverNext,
                                 acknowledgement: fromClient ? stream.serverNext : stream.clientNext,
                                 flags: flags)
        let advance = UInt32(truncatingIfNeeded: payload.count) &+ (flags.contains(.syn) || flags.contains(.fin) ? 1 : 0)
        if fromClient { stream.clientNext &+= advance } else { stream.serverNext &+= advance }
        ipID &+= 1
        // The record header's lengths are known once the packet is built: write it, then patch them.
        let header = out.count
        Self.appendRecordHeader(time: time, length: 0, to: &out)
        PacketBuilder.append(segment, payload: payload, ipID: ipID, to: &out)
        let length = UInt32(out.count - header - 16)
        for (i, byte) in [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)].enumerated() {
            out[header + 8 + i] = byte
            out[header + 12 + i] = byte
        }
    }

    static func appendRecordHeader(time: Double, length: UInt32, to out: inout [UInt8]) {
        let clamped = max(0, min(time, 4_294_967_295))
        var seconds = UInt32(clamped)
        var micros = UInt32(((clamped - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds &+= 1
            micros -= 1_000_000
        }
        for value in [seconds, micros, length, length] {
            out.append(UInt8(value & 0xFF))
            out.append(UInt8(value >> 8 & 0xFF))
            out.append(UInt8(value >> 16 & 0xFF))
            out.append(UInt8(value >> 24))
        }
    }

    private static func le32(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
    }

}
