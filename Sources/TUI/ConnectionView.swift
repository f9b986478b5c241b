import FrameCore

/// One connection as listed in the connections pane, with both directions of its traffic.
public struct ConnectionView: Sendable {
    public let id: Int
    public var side: SessionEvent.Side
    public var peer: String
    public var local: String
    /// The life stage in words ("sending", "awaiting reply", "closed", …).
    public var state: String
    /// The selector interest, as the Python program would register it.
    public var interest: String = "-"
    public var stats = ConnectionStats()
    /// The reason it failed, if it did (shown as "error: …").
    public var error: String?
    public var isClosed = false
    public var sent: StreamView
    public var received: StreamView

    public init(id: Int, side: SessionEvent.Side, peer: String, local: String, framed: Bool, limits: TUILimits) {
        self.id = id
        self.side = side
        self.peer = peer
        self.local = local
        state = side == .client ? "connecting" : side == .listener ? "listening" : "accepted"
        sent = StreamView(direction: .out, framed: framed, limits: limits)
        received = StreamView(direction: .in, framed: framed, limits: limits)
    }

    /// The state column: the error wins, then closed, then the live stage.
    public var stateText: String {
        if let error { return "error: \(error)" }
        return isClosed ? "closed" : state
    }

    public func stream(_ direction: SessionEvent.Direction) -> StreamView {
        direction == .out ? sent : received
    }
}
