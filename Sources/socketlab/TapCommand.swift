import ArgumentParser
import CursesUI
import Glibc
import TUI
import Peers
import Reactor

/// `socketlab tap`: relay between two programs SocketLab did not start and show both hops.
struct TapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tap",
        abstract: "Relay a client to TARGET_HOST TARGET_PORT and show both hops decoded live (client → tap, tap → server).",
        discussion: """
        Point the client at the tap's --listen address (default 127.0.0.1 with a free port, printed as \
        `listening on ('HOST', PORT)` with --no-tui) and it reaches the target as if connected directly: bytes pass \
        unchanged both ways, a half-close is passed on, and a target that refuses or times out closes the client with \
        the reason. A side whose peer has more than 256 KiB queued is not read until that drains.
        """
    )

    @Argument(help: "Host of the server to relay to.")
    var targetHost: String

    @Argument(help: Port.help("Port of the server to relay to."), transform: Port.parse)
    var targetPort: Port

    @Option(help: "Address clients connect to, HOST:PORT (0.0.0.0:65432 for a room; port 0 = a free one; default: 127.0.0.1:0).",
            transform: HostPort.parse)
    var listen = HostPort(host: "127.0.0.1", port: 0)

    @Option(help: "How the TUI decodes the traffic: app (framed) or echo/multiconn (raw text).")
    var mode: ServerMode = .app

    @Option(help: Seconds.help("Seconds a connection to the target may take before the client is closed.", default: 10),
            transform: Seconds.parse)
    var connectTimeout = Seconds(10)

    @Option(help: ServerConnections.help("Client connections beyond this many are accepted and closed at once.", default: 1024),
            transform: ServerConnections.parse)
    var maxConnections = ServerConnections(1024)

    @Flag(help: "No TUI: log each connection and relayed chunk on stderr (for scripts and tests).")
    var noTUI = false

    @OptionGroup var recording: RecordOptions

    @Flag(help: "With --no-tui: print only the listening line and errors.")
    var quiet = false

    @Flag(help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    func validate() throws {
        if recording.record != nil && !noTUI {
            throw ValidationError("--record works with --no-tui on a tap")
        }
        if listen.port == targetPort.value && listen.host == targetHost {
            throw ValidationError("the tap cannot listen on its own target \(listen)")
        }
    }

    var tapConfiguration: TapConfiguration {
        TapConfiguration(listenHost: listen.host, listenPort: listen.port, targetHost: targetHost, targetPort: targetPort.value,
                         connectTimeout: connectTimeout.duration, maxConnections: maxConnections.value)
    }

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        _ = ProcessSetup.raiseOpenFileLimit()
        if noTUI {
            let sink = SessionSink(logger: CommandLogging.logger(quiet: quiet))
            let recorder = try recording.start(on: sink)
            defer { RecordOptions.finish(recorder) }
            do {
                try TapRunner.run(configuration: tapConfiguration, sink: sink) { address in
                    Console.out("listening on \(address.pythonDescription)")
                }
            } catch {
                throw CommandFailure(message: "cannot start the tap: \(error)")
            }
            return
        }
        try TUISession(target: .tap(tapConfiguration), mode: mode, origin: { _ in "tap → \(targetHost):\(targetPort.value) on" },
                       noColor: noColor, limits: TUILimits()).run()
    }
}
