import Reactor

/// One replayed connection: write the request, read until the peer closes.
final class ReplayClientHandler: ConnectionHandler {
    private let request: [UInt8]
    private(set) var received: [UInt8] = []
    /// Bytes kept at most: one more than the caller compares against.
    private let keep: Int
    private(set) var cut = false
    private var completion: ((Result<ReplayClient.Outcome, ClientError>) -> Void)?

    init(request: [UInt8], maxReplyBytes: Int, completion: @escaping (Result<ReplayClient.Outcome, ClientError>) -> Void) {
        self.request = request
        keep = maxReplyBytes + 1
        self.completion = completion
    }

    func connectionDidOpen(_ c: Connection) {
        c.enqueue(request)
        c.interest = [.read, .write]
    }

    func connectionDidDrain(_ c: Connection) {
        c.interest = [.read]
    }

    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) {
        received.append(contentsOf: bytes.prefix(keep - received.count))
        if received.count >= keep {
            // Longer than the recorded reply: it differs whatever follows, so stop reading it.
            cut = true
            c.close(.local("reply longer than recorded"))
        }
    }

    func connection(_ c: Connection, didCloseWith reason: CloseReason) {
        defer { completion = nil }
        if case let .failed(error) = reason, c.counters.bytesOut == 0 {
            completion?(.failure(.connect(error)))
            return
        }
        // A reset after the reply still leaves the reply to compare.
        completion?(.success(ReplayClient.Outcome(reply: received, timedOut: false, cut: cut)))
    }
}
