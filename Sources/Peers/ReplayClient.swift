import Reactor

/// Sends recorded request bytes as they are and collects whatever comes back until the server
/// closes: `replay --against` compares that with the recorded reply. Unlike `AppClient` it
/// neither frames nor checks anything, so malformed requests replay too.
public enum ReplayClient {
    /// What came back: every byte until the server closed, or until `timeout` if it did not.
    public struct Outcome: Equatable, Sendable {
        public var reply: [UInt8]
        public var timedOut: Bool
        /// True when more came than `maxReplyBytes`: the reply was not read further.
        public var cut = false
    }

    /// `maxReplyBytes`: what the caller compares against; more than that is already a difference,
    /// so reading stops after one byte more, however much the server would send.
    public static func run(host: String, port: Int, request: [UInt8], timeout: Duration = .seconds(5),
                           maxReplyBytes: Int = 16 << 20, sink: SessionSink = .silent()) -> Result<Outcome, ClientError> {
        ClientAddresses.tryEach(host: host, port: port) { address in
            attempt(address: address, request: request, timeout: timeout, maxReplyBytes: maxReplyBytes, sink: sink)
        }
    }

    private static func attempt(address: SocketAddress, request: [UInt8], timeout: Duration, maxReplyBytes: Int,
                                sink: SessionSink) -> Result<Outcome, ClientError> {
        let exchange: OneShotExchange<Outcome>
        do { exchange = try OneShotExchange(sink: sink) } catch { return .failure(.connect(error)) }
        let handler = ReplayClientHandler(request: request, maxReplyBytes: maxReplyBytes) { exchange.finish($0) }
        return exchange.run(to: address, timeout: timeout, handler: handler) { connection in
            guard exchange.outcome == nil else { return }
            exchange.finish(.success(Outcome(reply: handler.received, timedOut: true, cut: handler.cut)))
            connection?.close(.local("replay timeout"))
        }
    }
}
