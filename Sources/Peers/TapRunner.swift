import Glibc
import Reactor

/// Runs a tap on an event loop of its own until SIGINT or SIGTERM: `socketlab tap --no-tui`.
public enum TapRunner {
    /// Blocks until stopped; `onListening` gets the bound address first (port 0 resolved).
    public static func run(configuration: TapConfiguration, sink: SessionSink,
                           onListening: (SocketAddress) -> Void) throws(SocketError) {
        let loop = try EventLoop()
        sink.watch(loop)
        let tap = Tap(configuration: configuration, loop: loop, sink: sink)
        onListening(try tap.start())
        loop.onSignals([SIGINT, SIGTERM]) { signal in
            sink.log(nil, "caught signal \(signal), stopping")
            tap.stop()
            loop.stop()
        }
        try loop.run()
    }
}
