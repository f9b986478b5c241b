import ArgumentParser
import FrameCore
import Peers
import Reactor

/// `socketlab client`: the tutorial's three clients, with its argument order.
struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Run a client: app (HOST PORT ACTION VALUE), echo (HOST PORT) or multiconn (HOST PORT NUM_CONNECTIONS).",
        discussion: """
        app: ACTION `search` sends a JSON request, any other ACTION a binary one (ACTION followed by VALUE), as \
        app-client.py does; the reply is printed on stdout as `Got result: …` or `Got response: b'…'`. \
        Progress lines go to stderr (--quiet silences them). A refused or timed-out connection or a malformed \
        reply ends with one line on stderr and exit status 1.
        """
    )

    @Option(help: "Which client: app, echo or multiconn.")
    var mode: ServerMode = .app

    @Argument(help: "Server host: 127.0.0.1, ::1 or a hostname.")
    var host: String

    @Argument(help: Port.help("Server port."), transform: Port.parse)
    var port: Port

    @Argument(help: "app: ACTION VALUE; multiconn: NUM_CONNECTIONS (\(ClientConnectionsBounds.rangeText)); echo: nothing.")
    var rest: [String] = []

    @OptionGroup var timeout: TimeoutOption

    @Option(help: ChunkBytes.help("app: send the request in chunks of this many bytes."), transform: ChunkBytes.parse)
    var chunk: ChunkBytes?

    @Option(help: DelayMilliseconds.help("app: milliseconds between chunks (with --chunk).", default: 0), transform: DelayMilliseconds.parse)
    var delay = DelayMilliseconds(0)

    @Flag(help: "Print only the result.")
    var quiet = false

    @OptionGroup var recording: RecordOptions

    /// What `rest` asks for, per mode.
    enum Work {
        case app(AppRequest)
        case echo
        case multiconn(connections: Int)
    }

    /// `rest` read for `mode`; `validate()` reports its error, `run()` uses its value.
    func work() throws -> Work {
        switch mode {
        case .app:
            guard rest.count == 2 else { throw ValidationError("app mode needs ACTION VALUE, e.g. `search morpheus`") }
            return .app(AppRequest(action: rest[0], value: rest[1]))
        case .echo:
            guard rest.isEmpty else { throw ValidationError("echo mode takes only HOST PORT") }
            return .echo
        case .multiconn:
            guard rest.count == 1, let count = try? ClientConnections.parse(rest[0]) else {
                throw ValidationError("multiconn mode needs NUM_CONNECTIONS, a number from 1 to \(ClientConnectionsBounds.range.upperBound)")
            }
            return .multiconn(connections: count.value)
        }
    }

    func validate() throws {
        _ = try work()
    }

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        let sink = SessionSink(logger: CommandLogging.logger(quiet: quiet))
        let recorder = try recording.start(on: sink)
        defer { RecordOptions.finish(recorder) }
        let limit = timeout.timeout.duration
        switch try work() {
        case let .app(request):
            let plan = SendPlan(chunkSize: chunk?.value, delay: .milliseconds(delay.value))
            let result = AppClient.run(host: host, port: port.value, request: request, plan: plan, timeout: limit, sink: sink)
            let reply = try result.get()
            do {
                Console.outPeerText(try AppReply.line(for: reply))
            } catch {
                throw CommandFailure(message: ClientError.malformedReply(error).description)
            }
        case .echo:
            let echoed = try EchoClient.run(host: host, port: port.value, timeout: limit, sink: sink).get()
            Console.out("Received \(PythonRepr.bytes(echoed))")
        case let .multiconn(connections):
            let results = MulticonnClient.run(host: host, port: port.value, connections: connections, timeout: limit, sink: sink)
            let failures = results.enumerated().compactMap { i, r -> String? in
                if case let .failure(error) = r { return "connection \(i + 1): \(error)" }
                return nil
            }
            Console.out("\(results.count - failures.count) of \(results.count) connections got all \(MulticonnClient.messages.joined().count) bytes back")
            if !failures.isEmpty {
                throw CommandFailure(message: failures.prefix(5).joined(separator: "; "))
            }
        }
    }
}
