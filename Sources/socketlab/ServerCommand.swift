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

    @Argument(help: "TCP port (0 = pick a free one).")
    var port: Int = 65432

    @Option(help: "Listen backlog (the tutorial's 128 overflows at 1,000 concurrent clients).")
    var backlog: Int32 = 4096

    @Option(help: "Largest content-length accepted, in bytes; larger requests are refused as soon as their header is read.")
    var maxContentLength: Int = FrameLimits.default.maxContentLength

    @Option(help: "Close a connection that completes no part of a message for this many seconds (0 = never).")
    var idleTimeout: Double = 30

    @Option(help: "Connections beyond this many are accepted and closed at once, and counted.")
    var maxConnections: Int = 4096

    @Flag(help: "Print only the listening line and errors.")
    var quiet = false

    @OptionGroup var recording: RecordOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("port must be 0…65535, got \(port)") }
        guard backlog > 0 else { throw ValidationError("--backlog must be positive") }
        guard maxContentLength >= 0 else { throw ValidationError("--max-content-length must be ≥ 0") }
        guard idleTimeout >= 0 else { throw ValidationError("--idle-timeout must be ≥ 0") }
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be positive") }
    }

    var serverConfiguration: ServerConfiguration {
        ServerConfiguration(host: host, port: port, mode: mode, backlog: backlog,
                            limits: FrameLimits(maxContentLength: maxContentLength),
                            idleTimeout: idleTimeout > 0 ? .milliseconds(Int64(idleTimeout * 1000)) : nil,
                            maxConnections: maxConnections)
    }

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        _ = ProcessSetup.raiseOpenFileLimit()
        ProcessSetup.reuseLargeAllocations()
        let sink = SessionSink(logger: CommandLogging.logger(quiet: quiet))
        let recorder = try recording.start(on: sink)
        defer { RecordOptions.finish(recorder) }
        do {
            let address = try ServerRunner.run(configuration: serverConfiguration, sink: sink) { address in
                Console.out("listening on \(address.pythonDescription)")
            }
            sink.logger.info("server on \(address) stopped")
        } catch {
            throw CommandFailure(message: "cannot start the server: \(error)")
        }
    }
}

extension ServerMode: ExpressibleByArgument {}
