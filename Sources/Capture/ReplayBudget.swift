import FrameCore

/// What the events read from one file may cost in memory, counted by our own measure — never by
/// what the file declares. Why: a crafted pcap of 5,000,000 one-byte segments (285 MB, inside
/// every per-file cap) held 5,000,000 events and took 1.3 GB; the cost of an event is mostly its
/// fixed overhead, not its bytes, so the budget counts both.
///
/// Once an event does not fit, the budget stays full: everything after it is refused too, so what
/// is kept is always the first part of the file, in order, never a file with holes in it.
public struct ReplayBudget: Sendable {
    /// Bytes counted for every event on top of its payload and texts: the event in the array
    /// (time, connection, kind), its heap array or string, and allocator rounding (~200 B measured
    /// per one-byte event, array growth included; see DECISIONS.md).
    public static let eventOverhead = 200

    public let limit: Int
    public private(set) var used = 0
    public private(set) var kept = 0
    public private(set) var isFull = false

    public init(limit: Int) {
        self.limit = limit
    }

    /// Counts `event` in and says whether it fits (false once, and forever after, it does not).
    public mutating func admit(_ event: SessionEvent) -> Bool {
        guard !isFull else { return false }
        let cost = Self.cost(of: event)
        guard cost <= limit - used else {
            isFull = true
            return false
        }
        used += cost
        kept += 1
        return true
    }

    public static func cost(of event: SessionEvent) -> Int {
        let payload: Int
        switch event.kind {
        case let .bytes(_, bytes): payload = bytes.count
        case let .listening(address, mode): payload = address.utf8.count + mode.utf8.count
        case let .opened(_, peer, local): payload = peer.utf8.count + local.utf8.count
        case let .state(text), let .interest(text), let .log(text), let .error(text), let .selector(text):
            payload = text.utf8.count
        case let .closed(reason): payload = reason.utf8.count
        case .stats: payload = 0
        }
        return eventOverhead + payload
    }
}
