import ArgumentParser
import FrameCore
import Logging
import Peers
import Reactor

/// `socketlab server`: the reference server in one of the tutorial's three modes.
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the reference server (app, echo or multiconn), byte-compatible with the tutorial's Python servers.",
        discussion: "Port 0 picks a free port; the bound address is printed on stdout as `listening on ('HOST', PORT)`. Log lines go to stderr. SIGINT or SIGTERM stops the server cleanly."
    )

    @Option(help: "What to serve: app (framed search/binary requests), echo (one client, then exit) or multiconn (echo to many).")
    var mode: ServerMode = .app

    @Argument(help: "Address to listen on: 127.0.0.1, ::1, a hostname, or \"\" for all interfaces.")
    var host: String = "127.0.0.1"

    @Argument(help: ListenPort.help("TCP port (0 = pick a free one).", default: 65432), transform: ListenPort.parse)
    var port = ListenPort(65432)

    @OptionGroup var limits: ServerLimitOptions

    @Flag(help: "Print only the listening line and errors.")
    var quiet = false

    @OptionGroup var recording: RecordOptions

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        _ = ProcessSetup.raiseOpenFileLimit()
        ProcessSetup.reuseLargeAllocations()
        let sink = SessionSink(logger: CommandLogging.logger(quiet: quiet))
        let recorder = try recording.start(on: sink)
        defer { RecordOptions.finish(recorder) }
        do {
            let address = try ServerRunner.run(configuration: limits.configuration(host: host, port: port.value, mode: mode), sink: sink) { address in
                Console.out("listening on \(address.pythonDescription)")
            }
            sink.logger.info("server on \(address) stopped")
        } catch {
            throw CommandFailure(message: "cannot start the server: \(error)")
        }
    }
}

extension ServerMode: ExpressibleByArgument {}
