import Reactor

/// The handler of one hop: it only forwards the loop's callbacks to the relay that owns both
/// hops, saying which hop they came from.
final class TapHopHandler: ConnectionHandler {
    private let relay: TapRelay
    private let hop: TapHop

    init(relay: TapRelay, hop: TapHop) {
        self.relay = relay
        self.hop = hop
    }

    func connectionDidOpen(_ c: Connection) { relay.opened(hop, c) }
    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) { relay.read(hop, c, bytes) }
    func connectionDidDrain(_ c: Connection) { relay.drained(hop, c) }
    func connectionDidReadEOF(_ c: Connection) { relay.readEOF(hop, c) }
    func connection(_ c: Connection, didCloseWith reason: CloseReason) { relay.closed(hop, c, reason) }
}
