import Reactor

/// What one raw client saw: every byte the server sent, and how the connection ended (nil if it
/// never ended within the batch's limit).
///
/// Why raw bytes and not a decoded reply: under load and next to hostile peers, the test must
/// see a reply that was cut, doubled or mixed with another's, which a decoder could hide.
public struct Exchange: Sendable {
    public var received: [UInt8] = []
    public var reason: CloseReason?

    public init(received: [UInt8] = [], reason: CloseReason? = nil) {
        self.received = received
        self.reason = reason
    }
}
