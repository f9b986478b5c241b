/// One of the two connections a tap keeps per relayed conversation.
public enum TapHop: Sendable {
    /// The connection the tap accepted from a client: the tap plays the server here.
    case client
    /// The connection the tap opened to the target: the tap plays the client here.
    case server

    /// The hop on the other side of the relay.
    var other: TapHop { self == .client ? .server : .client }

    /// "client → server" for bytes read on this hop.
    var flow: String { self == .client ? "client → server" : "server → client" }
}
