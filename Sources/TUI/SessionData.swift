import DequeModule
import FrameCore

/// What the session has shown so far: connections and the event log. Kept apart from the UI
/// state so pausing can freeze a copy of it while the live one keeps recording.
public struct SessionData: Sendable {
    /// Connections in id order (ids only grow).
    public var connections: [ConnectionView] = []
    public var events: Deque<LogEntry> = []
    /// The selector's wake-ups and registration calls, for the selector view of the event log.
    public var selectorLog: Deque<LogEntry> = []
    /// Connections dropped from the list to keep it within `TUILimits.connections`.
    public var droppedConnections = 0
    /// The server the composer talks to, e.g. "127.0.0.1:40123".
    public var target: String

    public init(target: String) {
        self.target = target
    }

    public func index(of id: Int) -> Int? {
        // Binary search: ids are appended in increasing order.
        var low = 0, high = connections.count
        while low < high {
            let mid = (low + high) / 2
            if connections[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < connections.count && connections[low].id == id ? low : nil
    }

    public func connection(_ id: Int?) -> ConnectionView? {
        id.flatMap(index(of:)).map { connections[$0] }
    }
}
