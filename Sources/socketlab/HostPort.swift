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
        guard let colon = argument.lastIndex(of: ":") else { return nil }
        var host = String(argument[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = Int(argument[argument.index(after: colon)...]), (0...65535).contains(port),
              !host.contains(where: { $0.isWhitespace }) else { return nil }
        self.host = host
        self.port = port
    }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static var defaultCompletionKind: CompletionKind { .default }
}
