import FrameCore
import Glibc
import Reactor

/// One closed-loop client slot of a load worker: connect, send the request, read and verify the
/// reply, close, and let the worker start the next request on the same slot.
///
/// Why one handler object per slot, reused for every request: the reactor already allocates a
/// connection per request, and a correct reply needs no buffer at all (it is compared as it comes).
final class LoadSlot: ConnectionHandler {
    unowned let worker: LoadWorker
    /// The request in flight, if any.
    var connection: Connection?
    /// When the request started (before connect).
    var started = MonotonicInstant.now()
    /// Started after the warm-up, so it counts.
    var measured = false
    var inFlight = false
    private var opened = false
    /// Bytes of the reply so far, all equal to the start of `expectedFrame` (the usual case: the
    /// reply is checked as it arrives, one comparison of the new bytes per read).
    private var matched = 0
    /// Once a byte differs, the reply is decoded instead, incrementally; its limits allow no more
    /// content than the correct reply has, so what a server declares or sends beyond that is
    /// refused at once rather than buffered (before: up to 1 MiB per slot, re-decoded from the
    /// start on every read).
    private var decoder: FrameDecoder?

    init(worker: LoadWorker) {
        self.worker = worker
    }

    /// Resets the per-request state; the worker connects next.
    func begin(at now: MonotonicInstant, measured: Bool) {
        started = now
        self.measured = measured
        inFlight = true
        opened = false
        matched = 0
        decoder = nil
    }

    func connectionDidOpen(_ c: Connection) {
        opened = true
        c.enqueue(worker.request.bytes)
        c.interest = [.read, .write]
    }

    func connectionDidDrain(_ c: Connection) {
        c.interest = [.read]
    }

    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) {
        guard inFlight, c === connection else { return }
        let error: LoadErrorKind?
        switch verdict(bytes) {
        case .wait: return
        case .correct: error = nil
        case .wrong: error = .badReply
        }
        // Finishing may start the next request on this slot at once; this connection is done.
        worker.finish(self, error: error)
        c.close(.local("reply processed"))
    }

    func connection(_ c: Connection, didCloseWith reason: CloseReason) {
        guard inFlight, c === connection else { return }
        let kind: LoadErrorKind
        switch reason {
        case .peerClosed:
            kind = .earlyEOF
        case .failed(let error):
            if !opened {
                kind = .connect
            } else if error == .connectionReset || error == .brokenPipe {
                kind = .reset
            } else if case .timedOut = error {
                kind = .timeout
            } else {
                kind = .reset
            }
        case .idleTimeout:
            kind = .timeout
        case .local:
            kind = .badReply
        }
        worker.finish(self, error: kind)
    }

    /// Ends the request in flight as timed out.
    func timeOut() {
        guard inFlight else { return }
        let c = connection
        worker.finish(self, error: .timeout)
        c?.close(.local("timed out"))
    }

    private enum Verdict { case wait, correct, wrong }

    /// Byte-for-byte against the expected frame first; anything else is decoded and its content
    /// type and content checked, so a server that writes its JSON header another way is still
    /// judged on what it says.
    private func verdict(_ bytes: UnsafeRawBufferPointer) -> Verdict {
        let expected = worker.request.expectedFrame
        if decoder == nil {
            if matched + bytes.count <= expected.count {
                let same = expected.withUnsafeBytes { want in
                    bytes.isEmpty || memcmp(bytes.baseAddress!, want.baseAddress! + matched, bytes.count) == 0
                }
                if same {
                    matched += bytes.count
                    return matched == expected.count ? .correct : .wait
                }
            }
            var fresh = FrameDecoder(limits: FrameLimits(maxContentLength: worker.request.expectedContent.count))
            fresh.feed(expected[..<matched])
            decoder = fresh
        }
        decoder!.feed(bytes)
        do {
            guard let reply = try decoder!.next() else { return .wait }
            return worker.request.accepts(reply) && decoder!.buffered == 0 ? .correct : .wrong
        } catch {
            return .wrong
        }
    }
}
