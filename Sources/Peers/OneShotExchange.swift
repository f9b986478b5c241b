import Reactor

/// One connection on an event loop of its own, run until its handler reports an outcome or the
/// timeout fires: the skeleton the one-shot clients (app, echo, replay) share, so each of them
/// only says how it builds its handler and what a timeout means for it.
///
/// Loop-owned and single-threaded, like the loop it wraps.
final class OneShotExchange<Outcome> {
    let loop: EventLoop
    /// What the handler (or the timeout) reported; nil while the exchange is still running.
    private(set) var outcome: Result<Outcome, ClientError>?

    init(sink: SessionSink) throws(SocketError) {
        loop = try EventLoop()
        sink.watch(loop)
    }

    /// Records the outcome and stops the loop; a later report replaces an earlier one, as a
    /// handler closing after a timeout may still report.
    func finish(_ result: Result<Outcome, ClientError>) {
        outcome = result
        loop.stop()
    }

    /// Connects with `handler`, calls `onTimeout` with the connection (if still open) once
    /// `timeout` has passed, and runs the loop until an outcome is known.
    func run(to address: SocketAddress, timeout: Duration, handler: any ConnectionHandler,
             onTimeout: @escaping (Connection?) -> Void) -> Result<Outcome, ClientError> {
        let connection: Connection
        do {
            connection = try loop.connect(to: address, timeout: timeout, handler: handler)
        } catch {
            return .failure(.connect(error))
        }
        loop.schedule(after: timeout) { [weak connection] in onTimeout(connection) }
        if outcome == nil {
            do { try loop.run() } catch { return .failure(.eventLoop(error)) }
        }
        return outcome ?? .failure(.closedEarly("the event loop stopped"))
    }
}
