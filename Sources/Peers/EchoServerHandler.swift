import FrameCore
import Reactor

/// One connection of the `echo` and `multiconn` servers: what arrives is queued and sent back.
///
/// The Python multiconn server keeps WRITE registered at all times and so spins on an idle
/// socket; ours arms WRITE only while echoed bytes wait, which is the same behaviour on the wire.
/// Unlike the tutorial's, it stops reading while more than `maxQueuedBytes` wait to be echoed
/// (back-pressure): a client that sends and never reads would otherwise make us hold everything
/// it sends.
final class EchoServerHandler: ConnectionHandler {
    /// Echo bytes queued beyond which the connection is not read until its queue drains (as the tap's 256 KiB).
    static let maxQueuedBytes = 256 * 1024

    private let sink: SessionSink
    private let onClose: (() -> Void)?
    private let tutorialStyle: ServerMode

    init(mode: ServerMode, sink: SessionSink, onClose: (() -> Void)? = nil) {
        self.sink = sink
        self.onClose = onClose
        tutorialStyle = mode
    }

    func connectionDidOpen(_ c: Connection) {
        if tutorialStyle == .echo {
            sink.logRestatingLoopEvent(c.id, "Connected by \(c.peer.pythonDescription)")
        } else {
            sink.logRestatingLoopEvent(c.id, "accepted connection from \(c.peer.pythonDescription)")
        }
        sink.state(c.id, "echoing")
        c.interest = [.read]
    }

    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) {
        if tutorialStyle == .multiconn {
            sink.log(c.id, "echoing \(PythonRepr.bytes(bytes, limit: SessionSink.maxEventTextBytes)) to \(c.peer.pythonDescription)")
        }
        c.enqueue(bytes)
        c.interest = c.sendQueueBytes > Self.maxQueuedBytes ? [.write] : [.read, .write]
    }

    func connectionDidDrain(_ c: Connection) {
        c.interest = [.read]
    }

    func connection(_ c: Connection, didCloseWith reason: CloseReason) {
        if reason == .peerClosed {
            sink.logRestatingLoopEvent(c.id, "closing connection to \(c.peer.pythonDescription)")
        } else {
            sink.error(c.id, AppServerHandler.closingLine(c, reason.description), reason: reason.description)
        }
        onClose?()
    }
}
