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
        let loop: EventLoop
        do { loop = try EventLoop() } catch { return .failure(.connect(error)) }
        sink.watch(loop)
        let handler = EchoClientHandler(payloads: [payload], label: nil, sink: sink)
        var outcome: Result<[UInt8], ClientError>?
        handler.onFinish = { result in
            outcome = result
            loop.stop()
        }
        do {
            _ = try loop.connect(to: address, timeout: timeout, handler: handler)
        } catch {
            return .failure(.connect(error))
        }
        let seconds = timeout.inSeconds
        loop.schedule(after: timeout) {
            if outcome == nil {
                outcome = .failure(.timedOut(host: address.description, seconds: seconds))
                loop.stop()
            }
        }
        if outcome == nil {
            do { try loop.run() } catch { return .failure(.eventLoop(error)) }
        }
        return outcome ?? .failure(.closedEarly("the event loop stopped"))
    }
}
