import FrameCore
import Reactor

/// `app-client.py` as a function: one request on its own event loop, one reply or one error.
public enum AppClient {
    /// Connects to `host:port`, sends `request`, and returns the reply; every failure is a
    /// `ClientError` with a sentence, never a crash.
    public static func run(host: String, port: Int, request: AppRequest, plan: SendPlan = .whole,
                           timeout: Duration = .seconds(10), limits: FrameLimits = .default,
                           sink: SessionSink) -> Result<Message, ClientError> {
        ClientAddresses.tryEach(host: host, port: port) { address in
            attempt(address: address, request: request, plan: plan, timeout: timeout, limits: limits, sink: sink)
        }
    }

    private static func attempt(address: SocketAddress, request: AppRequest, plan: SendPlan, timeout: Duration,
                                limits: FrameLimits, sink: SessionSink) -> Result<Message, ClientError> {
        let loop: EventLoop
        do {
            loop = try EventLoop()
        } catch {
            return .failure(.connect(error))
        }
        sink.watch(loop)
        var outcome: Result<Message, ClientError>?
        sink.log(nil, "starting connection to \(address.pythonDescription)")
        let handler = AppClientHandler(loop: loop, request: request.message().encoded, plan: plan, limits: limits,
                                       sink: sink, host: address.description) { result in
            outcome = result
            loop.stop()
        }
        let connection: Connection
        do {
            connection = try loop.connect(to: address, timeout: timeout, handler: handler)
        } catch {
            return .failure(.connect(error))
        }
        let seconds = timeout.inSeconds
        loop.schedule(after: timeout) { [weak connection] in
            if let connection { handler.timeOut(connection, seconds: seconds) }
        }
        if outcome == nil {
            do { try loop.run() } catch { return .failure(.eventLoop(error)) }
        }
        return outcome ?? .failure(.closedEarly("the event loop stopped"))
    }
}
