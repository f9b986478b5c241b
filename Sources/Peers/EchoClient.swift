import FrameCore
import Reactor

/// `echo-client.py`: send `Hello, world`, read it back, report `Received b'Hello, world'`.
public enum EchoClient {
    public static let greeting = Array("Hello, world".utf8)

    /// Returns the bytes echoed back (read until as many as were sent arrived, or EOF).
    public static func run(host: String, port: Int, payload: [UInt8] = greeting, timeout: Duration = .seconds(10),
                           sink: SessionSink) -> Result<[UInt8], ClientError> {
        let address: SocketAddress
        do {
            guard let first = try SocketAddress.resolve(host: host, port: port).first else {
                return .failure(.resolve(.resolutionFailed(host: host, reason: "no address")))
            }
            address = first
        } catch {
            return .failure(.resolve(error))
        }
        let loop: EventLoop
        do { loop = try EventLoop() } catch { return .failure(.connect(error)) }
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
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        loop.schedule(after: timeout) {
            if outcome == nil {
                outcome = .failure(.timedOut(host: address.description, seconds: seconds))
                loop.stop()
            }
        }
        if outcome == nil { loop.run() }
        return outcome ?? .failure(.closedEarly("the event loop stopped"))
    }
}
