import FrameCore
import Reactor

/// One connection of the `app` server, following `app-server.py`'s life: watch READ until the
/// whole request is in, then WRITE only until the reply is sent, then close.
///
/// A bad frame closes this connection with its reason in one log line; nothing else notices.
final class AppServerHandler: ConnectionHandler {
    /// Where this connection is in `app-server.py`'s life; what its close means follows from it.
    private enum Stage {
        case awaitingRequest
        case sendingReply
        /// The reply is out and this side closed: the normal end.
        case replied
        /// A bad frame or request: `fail` logged the reason and closed.
        case failed
    }

    /// Unchecked exclusivity: the decoder's methods are FrameCore's, which calls back into nothing
    /// (no closures, no delegates) and holds only bytes, so no second access to `decoder` can begin
    /// while one is in progress; the check would cost two runtime calls per request.
    @exclusivity(unchecked) private var decoder: FrameDecoder
    private let sink: SessionSink
    private var stage = Stage.awaitingRequest
    private var lastStage: (message: Int, part: FramePart) = (0, .protoHeader)

    private let idleProgress: IdleProgress
    /// Shared by the server's connections: what all of them hold of unfinished requests and unsent replies.
    private let budget: RequestBudget
    /// Memory this connection's unfinished request holds, as counted in `budget`.
    private var held = 0
    /// Strong, not weak (a weak reference gives every connection a side table: one more
    /// allocation per request): the cycle is broken when the connection closes, as it drops its
    /// handler then (`didCloseWith`, or the loop abandoning it), and `didCloseWith` drops this.
    private var connection: Connection?

    init(limits: FrameLimits, idleProgress: IdleProgress = .wholeParts, budget: RequestBudget, sink: SessionSink) {
        decoder = FrameDecoder(limits: limits)
        self.idleProgress = idleProgress
        self.budget = budget
        self.sink = sink
    }

    func connectionDidOpen(_ c: Connection) {
        connection = c
        sink.logRestatingLoopEvent(c.id, "accepted connection from \(c.peer.pythonDescription)")
        sink.state(c.id, "awaiting request")
        // With whole parts, progress is counted by `noteProgress`; a slow-motion demo counts every byte.
        c.readsMarkProgress = idleProgress == .anyBytes
        c.interest = [.read]
    }

    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) {
        guard stage == .awaitingRequest else { return }
        // In place: the request is answered before `bytes` go back to the loop, so its header and
        // content need not be copied out of them. Unwrapped at once: an `Optional` of it kept
        // around is copied and destroyed through `Optional`'s value witnesses (~200-250
        // instructions each, as it was for `Message`).
        do {
            guard let request = try decoder.nextInPlace(feeding: bytes) else {
                _ = noteRead(c)
                return
            }
            guard noteRead(c) else { return }
            answer(c, request)
        } catch {
            fail(c, error)
        }
    }

    /// The bookkeeping after every read: progress, the receive buffer, the budget. False when the
    /// budget evicted this connection (it held the most).
    private func noteRead(_ c: Connection) -> Bool {
        noteProgress(c)
        c.receiveBufferBytes = decoder.buffered
        // What an unfinished request costs is its buffer's capacity, not the bytes in it.
        let holding = decoder.buffered > 0 ? decoder.bufferCapacity : 0
        if holding != held {
            held = holding
            budget.hold(held, connection: c.id, handler: self)
            guard stage == .awaitingRequest else { return false }  // evicted: it held the most
        }
        return true
    }

    /// Sends the reply to `request`; the request is borrowed, never copied.
    private func answer(_ c: Connection, _ request: borrowing ReceivedMessage) {
        stage = .sendingReply
        c.countMessageIn()
        // Asked first: the log text's closure would copy the request even when it is not called.
        if sink.isVerbose {
            sink.log(c.id, "\(AppResponder.describe(request.message)) from \(c.peer.pythonDescription)")
        }
        let bytes: [UInt8]
        do {
            bytes = try AppResponder.replyFrame(to: request, limits: decoder.limits)
        } catch {
            fail(c, error)
            return
        }
        sink.log(c.id, "sending \(PythonRepr.bytes(bytes, limit: SessionSink.maxEventTextBytes)) to \(c.peer.pythonDescription)")
        sink.state(c.id, "sending reply")
        c.enqueue(bytes)
        c.countMessageOut()
        c.interest = [.write]
        // A reply waits in the send queue until the client reads it, so it counts too: clients
        // that send big searches and never read made the server hold one big reply each (40 of
        // 16 MiB: 711 MB). Small replies are left out, so the usual request costs no bookkeeping.
        if bytes.count > Self.countedReplyBytes {
            held = bytes.count
            budget.hold(held, connection: c.id, handler: self)
        }
    }

    /// Replies up to this size are not counted in `budget` (4,096 connections × 64 KiB is 256 MiB at most).
    static let countedReplyBytes = 64 * 1024

    func connectionDidDrain(_ c: Connection) {
        guard stage == .sendingReply else { return }
        stage = .replied
        c.close(.local("response sent"))
    }

    func connection(_ c: Connection, didCloseWith reason: CloseReason) {
        connection = nil
        if held > 0 { budget.release(connection: c.id) }  // `held` is 0 once the budget let go of it
        switch (stage, reason) {
        case (.replied, _):
            sink.logRestatingLoopEvent(c.id, "closing connection to \(c.peer.pythonDescription)")
        case (.failed, _), (_, .local):
            break  // `fail` logged the reason, or this process closed it on purpose (shutting down)
        case (.awaitingRequest, .peerClosed):
            do {
                try decoder.finish()
                sink.logRestatingLoopEvent(c.id, "closing connection to \(c.peer.pythonDescription)")
            } catch {
                logClosing(c, "peer closed early: \(error)")
            }
        case (.awaitingRequest, _), (.sendingReply, _):
            logClosing(c, reason.description)
        }
    }

    /// The idle timeout measures progress in whole parts, so a client trickling one byte a
    /// second (slowloris) is still cut.
    private func noteProgress(_ c: Connection) {
        guard let p = decoder.progress else { return }
        let stage = (message: p.message, part: p.part)
        if lastStage == stage { return }
        c.markProgress()
        lastStage = stage
    }

    private func fail(_ c: Connection, _ error: FrameError) {
        fail(c, reason: error.description)
    }

    private func fail(_ c: Connection, reason: String) {
        stage = .failed
        logClosing(c, reason)
        c.close(.local(reason))
    }

    /// Called by `budget` when this connection holds the most and the server holds too much.
    func evict(reason: String) {
        held = 0
        guard stage == .awaitingRequest || stage == .sendingReply, let connection else { return }
        fail(connection, reason: reason)
    }

    /// The one log line a failed connection gets, naming it and the reason.
    private func logClosing(_ c: Connection, _ reason: String) {
        sink.error(c.id, Self.closingLine(c, reason), reason: reason)
    }

    static func closingLine(_ c: Connection, _ reason: String) -> String {
        "closing connection \(c.id) to \(c.peer.pythonDescription): \(reason)"
    }
}
