import ArgumentParser
import Peers
import Reactor

/// The embedded server's flags for a workshop: where it listens (`--listen 0.0.0.0:65432` lets a
/// room connect) and its limits. Its idle timeout is off by default and counts every byte as
/// progress, so a slow-motion demo (`:chunk 1 400`) is never cut.
struct RoomOptions: ParsableArguments {
    @Option(help: "Where the embedded server listens, HOST:PORT (0.0.0.0:65432 lets a room connect; default 127.0.0.1 with a free port).",
            transform: HostPort.parse)
    var listen: HostPort?

    @Option(help: ServerConnections.help("Connections beyond this many are accepted and closed at once, and counted.", default: 4096),
            transform: ServerConnections.parse)
    var maxConnections = ServerConnections(4096)

    @Option(help: IdleSeconds.help("Close a connection that receives no byte for this many seconds (0 = never).", default: 0),
            transform: IdleSeconds.parse)
    var idleTimeout = IdleSeconds(0)

    func configuration(mode: ServerMode) -> ServerConfiguration {
        .embedded(mode: mode, host: listen?.host ?? "127.0.0.1", port: listen?.port ?? 0,
                  idleTimeout: idleTimeout.timeoutOrNever, maxConnections: maxConnections.value)
    }

    /// The title's words before the bound address: with `--listen`, the addresses people in the
    /// room can use (every non-loopback interface for 0.0.0.0), then the server.
    func origin(mode: ServerMode, bound: SocketAddress?) -> String {
        let server = "embedded \(mode.rawValue) server"
        guard listen != nil, let bound else { return server }
        let join = RoomAddresses.join(listening: bound, interfaces: NetworkInterfaces.addresses())
        let list = join.isEmpty ? "no network interface up" : join.map(\.description).joined(separator: " ")
        return "join \(list) │ \(server)"
    }
}
