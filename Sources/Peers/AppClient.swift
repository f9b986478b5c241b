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
        let exchange: OneShotExchange<Message>
        do { exchange = try OneShotExchange(sink: sink) } catch { return .failure(.connect(error)) }
        sink.log(nil, "starting connection to \(address.pythonDescription)")
        let handler = AppClientHandler(loop: exchange.loop, request: request.message().encoded, plan: plan, limits: limits,
                                       sink: sink, host: address.description) { exchange.finish($0) }
        let seconds = timeout.inSeconds
        return exchange.run(to: address, timeout: timeout, handler: handler) { connection in
            if let connection { handler.timeOut(connection, seconds: seconds) }
        }
    }
}
