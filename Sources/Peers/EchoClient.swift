import FrameCore
import Reactor

/// `echo-client.py`: send `Hello, world`, read it back, report `Received b'Hello, world'`.
public enum EchoClient {
    public static let greeting = Array("Hello, world".utf8)

    /// Returns the bytes echoed back (read until as many as were sent arrived, or EOF).
    public static func run(host: String, port: Int, payload: [UInt8] = greeting, timeout: Duration = .seconds(10),
                           sink: SessionSink) -> Result<[UInt8], ClientError> {
        ClientAddresses.tryEach(host: host, port: port) { address in
            attempt(address: address, payload: payload, timeout: timeout, sink: sink)
        }
    }

    private static func attempt(address: SocketAddress, payload: [UInt8], timeout: Duration,
                                sink: SessionSink) -> Result<[UInt8], ClientError> {
        let exchange: OneShotExchange<[UInt8]>
        do { exchange = try OneShotExchange(sink: sink) } catch { return .failure(.connect(error)) }
        let handler = EchoClientHandler(payloads: [payload], label: nil, sink: sink)
        handler.onFinish = { exchange.finish($0) }
        let seconds = timeout.inSeconds
        return exchange.run(to: address, timeout: timeout, handler: handler) { _ in
            if exchange.outcome == nil { exchange.finish(.failure(.timedOut(host: address.description, seconds: seconds))) }
        }
    }
}
