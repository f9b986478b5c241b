import FrameCore
import Reactor

/// `multiconn-client.py`: N connections at once, each sending the two tutorial messages and
/// closing when all 44 bytes came back.
public enum MulticonnClient {
    public static let messages = [Array("Message 1 from client.".utf8), Array("Message 2 from client.".utf8)]

    /// The outcome per connection (1…N), in order.
    public static func run(host: String, port: Int, connections count: Int, timeout: Duration = .seconds(10),
                           sink: SessionSink) -> [Result<[UInt8], ClientError>] {
        let address: SocketAddress
        do {
            guard let first = try SocketAddress.resolve(host: host, port: port).first else {
                return [.failure(.resolve(.resolutionFailed(host: host, reason: "no address")))]
            }
            address = first
        } catch {
            return [.failure(.resolve(error))]
        }
        let loop: EventLoop
        do { loop = try EventLoop() } catch { return [.failure(.connect(error))] }
        sink.watch(loop)
        let count = max(0, count)
        guard count > 0 else { return [] }
        var outcomes = [Result<[UInt8], ClientError>?](repeating: nil, count: count)
        var remaining = count
        // The whole run, connects included, ends at `timeout`: the connections are opened through
        // the loop's ramp, so the first are served while the last connect and the timeout holds;
        // those not opened by then are reported as timed out.
        let deadline = MonotonicInstant.now() + timeout
        loop.schedule(after: timeout) { loop.stop() }
        loop.ramp(count) { i in
            guard MonotonicInstant.now() < deadline else { return false }
            sink.log(nil, "starting connection \(i + 1) to \(address.pythonDescription)")
            let handler = EchoClientHandler(payloads: messages, label: i + 1, sink: sink)
            handler.onFinish = { result in
                outcomes[i] = result
                remaining -= 1
                if remaining == 0 { loop.stop() }
            }
            do throws(SocketError) {
                _ = try loop.connect(to: address, timeout: timeout, handler: handler)
            } catch {
                handler.onFinish?(.failure(.connect(error)))
            }
            return true
        }
        let seconds = timeout.inSeconds
        if remaining > 0 {
            do {
                try loop.run()
            } catch {
                return outcomes.map { $0 ?? .failure(.eventLoop(error)) }
            }
        }
        return outcomes.map { $0 ?? .failure(.timedOut(host: address.description, seconds: seconds)) }
    }
}
