import Reactor

/// One replayed connection: write the request, read until the peer closes.
final class ReplayClientHandler: ConnectionHandler {
    private let request: [UInt8]
    private(set) var received: [UInt8] = []
    private var completion: ((Result<ReplayClient.Outcome, ClientError>) -> Void)?

    init(request: [UInt8], completion: @escaping (Result<ReplayClient.Outcome, ClientError>) -> Void) {
        self.request = request
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
        received.append(contentsOf: bytes)
    }

    func connection(_ c: Connection, didCloseWith reason: CloseReason) {
        defer { completion = nil }
        if case let .failed(error) = reason, c.counters.bytesOut == 0 {
            completion?(.failure(.connect(error)))
            return
        }
        // A reset after the reply still leaves the reply to compare.
        completion?(.success(ReplayClient.Outcome(reply: received, timedOut: false)))
    }
}
