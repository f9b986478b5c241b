import FrameCore

/// Turns TCP segments (in capture order) back into the bytes each end sent, as `SessionEvent`s
/// from the client's point of view: `opened` and `connected from …`, `bytes(.out)` for what the client sent,
/// `bytes(.in)` for what it received, `closed`. Every TCP stream is kept, whatever its port: the
/// protocol is recognised by decoding, not by a port number.
///
/// Retransmitted and overlapping bytes are dropped by sequence number; segments that arrive ahead
/// of a gap wait (at most `CaptureLimits.maxPendingSegments` per direction) until it fills; a gap
/// that never fills is reported as an error event and skipped, so one lost packet costs a
/// message, not the rest of the stream.
public struct TCPReassembler {
    private struct Direction {
        var next: UInt32?
        var pending: [UInt32: [UInt8]] = [:]
        var finAt: UInt32?
        var finished = false
    }

    private struct Stream {
        var id: Int
        var client: Endpoint
        var server: Endpoint
        var toServer = Direction()
        var toClient = Direction()
        var closed = false
    }

    /// The two endpoints in a fixed order, so both directions find the same stream.
    private struct PairKey: Hashable {
        var low: Endpoint
        var high: Endpoint

        init(_ a: Endpoint, _ b: Endpoint) {
            let aFirst = a.address.lexicographicallyPrecedes(b.address) || (a.address == b.address && a.port <= b.port)
            low = aFirst ? a : b
            high = aFirst ? b : a
        }
    }

    private let limits: CaptureLimits
    private var streams: [PairKey: Stream] = [:]
    private var nextID = 1
    private var events: [SessionEvent] = []
    private var budget: ReplayBudget

    public init(limits: CaptureLimits = .default) {
        self.limits = limits
        budget = ReplayBudget(limit: limits.replayBudget)
    }

    /// The events made so far no longer fit `limits.replayBudget`: later segments add nothing,
    /// so the reader can stop.
    public var isFull: Bool { budget.isFull }
    /// Events kept so far (within the budget).
    public var keptEvents: Int { budget.kept }

    /// Keeps `event` if it fits the budget; false if it was left out.
    @discardableResult
    private mutating func record(_ event: SessionEvent) -> Bool {
        guard budget.admit(event) else { return false }
        events.append(event)
        return true
    }

    /// Feeds every segment and returns the events, with streams still open at the end closed as
    /// "the capture ends here".
    public static func events(from segments: [TCPSegment], limits: CaptureLimits = .default) -> [SessionEvent] {
        var reassembler = TCPReassembler(limits: limits)
        for segment in segments { reassembler.add(segment) }
        return reassembler.finish()
    }

    public mutating func add(_ segment: TCPSegment) {
        guard !budget.isFull else { return }
        let key = PairKey(segment.source, segment.destination)
        let isOpeningSYN = segment.flags.contains(.syn) && !segment.flags.contains(.ack)
        var stream: Stream
        if let existing = streams[key], !(existing.closed && isOpeningSYN) {
            stream = existing
            if stream.closed { return }  // the last ACK of a closed stream
        } else {
            if segment.flags.contains(.rst) || (segment.payload.isEmpty && !segment.flags.contains(.syn)) {
                return  // a bare ACK or reset of a stream we never saw: nothing to show
            }
            // The client sent the SYN; with SYN-ACK first it is the receiver; mid-stream, the sender.
            let clientIsSource = !(segment.flags.contains(.syn) && segment.flags.contains(.ack))
            stream = Stream(id: nextID, client: clientIsSource ? segment.source : segment.destination,
                            server: clientIsSource ? segment.destination : segment.source)
            nextID += 1
            record(SessionEvent(time: segment.time, connection: stream.id,
                                kind: .opened(side: .client, peer: stream.server.description,
                                              local: stream.client.description)))
            // A stream whose opening did not fit is not kept, so `finish` closes no stream never shown.
            if budget.isFull { return }
            // As a live client reports it once connected, so the TUI's state column reads the same.
            record(SessionEvent(time: segment.time, connection: stream.id,
                                kind: .state(PcapWriter.connectedPrefix + stream.client.description)))
        }
        let fromClient = segment.source == stream.client
        var direction = fromClient ? stream.toServer : stream.toClient
        deliver(segment, into: &direction, stream: stream, fromClient: fromClient)
        if fromClient { stream.toServer = direction } else { stream.toClient = direction }
        if segment.flags.contains(.rst) {
            // Left open if its close did not fit, so `finish` still closes it.
            stream.closed = record(SessionEvent(time: segment.time, connection: stream.id,
                                kind: .closed(reason: "reset by \(fromClient ? "client" : "server") (RST)")))
        } else if stream.toServer.finished, stream.toClient.finished {
            stream.closed = record(SessionEvent(time: segment.time, connection: stream.id,
                                kind: .closed(reason: "closed (FIN from both ends)")))
        }
        streams[key] = stream
    }

    public mutating func finish() -> [SessionEvent] {
        let open = streams.values.filter { !$0.closed }.sorted { $0.id < $1.id }
        let end = events.last?.time ?? 0
        let reason = budget.isFull ? "the rest of the capture is past the replay budget" : "the capture ends here"
        for stream in open {
            // Not counted in the budget: one per stream, and each stream's `opened` was.
            events.append(SessionEvent(time: end, connection: stream.id, kind: .closed(reason: reason)))
        }
        streams = [:]
        defer { events = [] }
        return events
    }

    private mutating func deliver(_ segment: TCPSegment, into direction: inout Direction, stream: Stream, fromClient: Bool) {
        var sequence = segment.sequence
        if segment.flags.contains(.syn) {
            if direction.next == nil || direction.pending.isEmpty { direction.next = sequence &+ 1 }
            sequence &+= 1
        }
        if direction.next == nil { direction.next = sequence }
        if segment.flags.contains(.fin) {
            direction.finAt = sequence &+ UInt32(truncatingIfNeeded: segment.payload.count)
        }
        if !segment.payload.isEmpty {
            accept(sequence, segment.payload, into: &direction, stream: stream, fromClient: fromClient, time: segment.time)
        }
        if let finAt = direction.finAt, finAt == direction.next {
            direction.finished = true
        }
    }

    private mutating func accept(_ sequence: UInt32, _ payload: [UInt8], into direction: inout Direction, stream: Stream,
                                 fromClient: Bool, time: Double) {
        let next = direction.next!
        let distance = Int32(bitPattern: sequence &- next)
        if distance > 0 {
            if let held = direction.pending[sequence], held.count >= payload.count { return }
            direction.pending[sequence] = payload
            if direction.pending.count > limits.maxPendingSegments {
                skipGap(&direction, stream: stream, fromClient: fromClient, time: time)
            }
            return
        }
        emit(payload, after: Int(-distance), into: &direction, stream: stream, fromClient: fromClient, time: time)
        drain(&direction, stream: stream, fromClient: fromClient, time: time)
    }

    /// Emits `payload` minus its first `overlap` bytes (already delivered) and advances.
    private mutating func emit(_ payload: [UInt8], after overlap: Int, into direction: inout Direction, stream: Stream,
                               fromClient: Bool, time: Double) {
        guard overlap < payload.count else { return }
        let fresh = overlap == 0 ? payload : Array(payload[overlap...])
        direction.next = direction.next! &+ UInt32(truncatingIfNeeded: fresh.count)
        record(SessionEvent(time: time, connection: stream.id, kind: .bytes(fromClient ? .out : .in, fresh)))
    }

    /// Delivers held segments that the stream has now reached.
    private mutating func drain(_ direction: inout Direction, stream: Stream, fromClient: Bool, time: Double) {
        while let next = direction.next,
              let ready = direction.pending.keys.first(where: { Int32(bitPattern: $0 &- next) <= 0 }) {
            let payload = direction.pending.removeValue(forKey: ready)!
            emit(payload, after: Int(Int32(bitPattern: next &- ready)), into: &direction, stream: stream,
                 fromClient: fromClient, time: time)
        }
    }

    /// Too much is waiting behind a gap: report the missing bytes and continue after them.
    private mutating func skipGap(_ direction: inout Direction, stream: Stream, fromClient: Bool, time: Double) {
        guard let next = direction.next,
              let nearest = direction.pending.keys.min(by: { ($0 &- next) < ($1 &- next) }) else { return }
        let missing = nearest &- next
        record(SessionEvent(time: time, connection: stream.id,
                            kind: .error("\(missing) bytes \(fromClient ? "from the client" : "from the server") are missing from the capture")))
        direction.next = nearest
        drain(&direction, stream: stream, fromClient: fromClient, time: time)
    }
}
