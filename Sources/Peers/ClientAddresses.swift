import Reactor

/// How every client picks its server address: resolve the name, then try each address in turn
/// until one connects (`localhost` may be `::1` and `127.0.0.1`), as Python's
/// `socket.create_connection` does. Only a connect failure moves on to the next address.
enum ClientAddresses {
    static func tryEach<T>(host: String, port: Int,
                           _ attempt: (SocketAddress) -> Result<T, ClientError>) -> Result<T, ClientError> {
        let addresses: [SocketAddress]
        do {
            addresses = try SocketAddress.resolve(host: host, port: port)
        } catch {
            return .failure(.resolve(error))
        }
        var outcome: Result<T, ClientError> = .failure(.resolve(.resolutionFailed(host: host, reason: "no address")))
        for address in addresses {
            outcome = attempt(address)
            guard case .failure(.connect) = outcome else { break }
        }
        return outcome
    }
}
