import Glibc
import Reactor

/// Runs a reference server on an event loop of its own until SIGINT or SIGTERM (or, in echo
/// mode, until its one client leaves): what `socketlab server` does.
public enum ServerRunner {
    /// Blocks until the server stops; `onListening` gets the bound address first (port 0 resolved).
    @discardableResult
    public static func run(configuration: ServerConfiguration, sink: SessionSink,
                           onListening: (SocketAddress) -> Void) throws(SocketError) -> SocketAddress {
        let loop = try EventLoop()
        sink.watch(loop)
        let server = ReferenceServer(configuration: configuration, loop: loop, sink: sink)
        // Handlers first: whoever reads the `listening on` line may send SIGTERM at once, and
        // must get the clean stop, not the default disposition (exit status 143).
        loop.onSignals([SIGINT, SIGTERM]) { signal in
            sink.log(nil, "caught signal \(signal), stopping")
            server.stop()
            loop.stop()
        }
        let address = try server.start()
        onListening(address)
        try loop.run()
        return address
    }
}
