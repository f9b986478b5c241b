import ArgumentParser
import FrameCore
import Peers

/// The limits a server runs with (`socketlab server`, and any command that starts one), each
/// with a stated maximum, mapped onto `ServerConfiguration` in one place.
struct ServerLimitOptions: ParsableArguments {
    @Option(help: Backlog.help("Listen backlog (the tutorial's 128 overflows at 1,000 concurrent clients).", default: 4096),
            transform: Backlog.parse)
    var backlog = Backlog(4096)

    @Option(help: ContentLength.help("Largest content-length accepted, in bytes; larger requests are refused as soon as their header is read.",
                                     default: FrameLimits.default.maxContentLength),
            transform: ContentLength.parse)
    var maxContentLength = ContentLength(FrameLimits.default.maxContentLength)

    @Option(help: IdleSeconds.help("Close a connection that completes no part of a message (echo modes: moves no byte) for this many seconds (0 = never).", default: 30),
            transform: IdleSeconds.parse)
    var idleTimeout = IdleSeconds(30)

    @Option(help: ServerConnections.help("Connections beyond this many are accepted and closed at once, and counted.", default: 4096),
            transform: ServerConnections.parse)
    var maxConnections = ServerConnections(4096)

    func configuration(host: String, port: Int, mode: ServerMode) -> ServerConfiguration {
        ServerConfiguration(host: host, port: port, mode: mode, backlog: backlog.value,
                            limits: FrameLimits(maxContentLength: maxContentLength.value),
                            idleTimeout: idleTimeout.timeoutOrNever,
                            maxConnections: maxConnections.value)
    }
}
