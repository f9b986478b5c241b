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

    @Argument(help: "Server port.")
    var port: Int

    @Argument(help: "app: ACTION VALUE; multiconn: NUM_CONNECTIONS; echo: nothing.")
    var rest: [String] = []

    @Option(help: "Seconds to wait for the connection and the reply.")
    var timeout: Double = 10

    @Option(help: "app: send the request in chunks of this many bytes.")
    var chunk: Int?

    @Option(help: "app: milliseconds between chunks (with --chunk).")
    var delay: Int = 0

    @Flag(help: "Print only the result.")
    var quiet = false

    @OptionGroup var recording: RecordOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("port must be 1…65535, got \(port)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let chunk, chunk <= 0 { throw ValidationError("--chunk must be positive") }
        guard delay >= 0 else { throw ValidationError("--delay must be ≥ 0") }
        switch mode {
        case .app:
            guard rest.count == 2 else { throw ValidationError("app mode needs ACTION VALUE, e.g. `search morpheus`") }
        case .echo:
            guard rest.isEmpty else { throw ValidationError("echo mode takes only HOST PORT") }
        case .multiconn:
            guard rest.count == 1, let n = Int(rest[0]), (1...100_000).contains(n) else {
                throw ValidationError("multiconn mode needs NUM_CONNECTIONS, a number from 1 to 100000")
            }
        }
    }

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        let sink = SessionSink(logger: CommandLogging.logger(quiet: quiet))
        let recorder = try recording.start(on: sink)
        defer { RecordOptions.finish(recorder) }
        let limit = Duration.milliseconds(Int64(timeout * 1000))
        switch mode {
        case .app:
            let plan = SendPlan(chunkSize: chunk, delay: .milliseconds(delay))
            let result = AppClient.run(host: host, port: port, request: AppRequest(action: rest[0], value: rest[1]),
                                       plan: plan, timeout: limit, sink: sink)
            let reply = try result.get()
            do {
                Console.out(try AppReply.line(for: reply))
            } catch {
                throw CommandFailure(message: ClientError.malformedReply(error).description)
            }
        case .echo:
            let echoed = try EchoClient.run(host: host, port: port, timeout: limit, sink: sink).get()
            Console.out("Received \(PythonRepr.bytes(echoed))")
        case .multiconn:
            let results = MulticonnClient.run(host: host, port: port, connections: Int(rest[0])!, timeout: limit, sink: sink)
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
