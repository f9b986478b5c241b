import ArgumentParser

/// A `HOST:PORT` command-line value (`0.0.0.0:65432`, `[::1]:8080`, `:65432` for every IPv4
/// interface), for the flags that name a listening address.
struct HostPort: ExpressibleByArgument, Equatable, CustomStringConvertible {
    var host: String
    var port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init?(argument: String) {
        guard let parsed = try? Self.parse(argument) else { return nil }
        self = parsed
    }

    /// Parses `HOST:PORT`; declare the option with `transform: HostPort.parse` so a refused value
    /// says why (the port's range comes from `ListenPort`, as for `server`).
    @Sendable static func parse(_ argument: String) throws -> HostPort {
        let expected = Bounded<ListenPortBounds>.OutOfBounds(
            expected: "HOST:PORT with \(ListenPortBounds.unit) from 0 to 65535, e.g. 0.0.0.0:65432 or [::1]:8080")
        guard let colon = argument.lastIndex(of: ":") else { throw expected }
        var host = String(argument[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = try? ListenPort.parse(String(argument[argument.index(after: colon)...])),
              !host.contains(where: { $0.isWhitespace }) else { throw expected }
        return HostPort(host: host, port: port.value)
    }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static var defaultCompletionKind: CompletionKind { .default }
}
