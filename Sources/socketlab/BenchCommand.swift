import ArgumentParser
import FrameCore
import Glibc
import Peers
import Reactor

/// `socketlab bench`: the closed-loop load generator, and `bench decode`, the decoder micro-benchmark.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Load-test a server with connection-per-request traffic and report req/s and latency.",
        subcommands: [BenchLoadCommand.self, BenchDecodeCommand.self, BenchRenderCommand.self],
        defaultSubcommand: BenchLoadCommand.self
    )
}

/// `socketlab bench [load] HOST PORT ...`
struct BenchLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Closed-loop load: each connection slot connects, sends one request, verifies the reply, closes, repeats.",
        discussion: """
        Every reply is checked (frame and exact content). Errors are counted by kind: connect, reset, early-eof, \
        bad-reply, timeout. A progress line goes to stderr once a second; the report (a table, or JSON with --json) \
        to stdout. Exit status 1 if any request failed.
        """
    )

    @Argument(help: "Server host.")
    var host: String = "127.0.0.1"

    @Argument(help: Port.help("Server port.", default: 65432), transform: Port.parse)
    var port = Port(65432)

    @Option(help: ClientConnections.help("Concurrent connections (closed-loop slots; fewer if ulimit -n has no room, as the report says).", default: 128), transform: ClientConnections.parse)
    var connections = ClientConnections(128)

    @Option(help: Seconds.help("Measured seconds.", default: 5), transform: Seconds.parse)
    var duration = Seconds(5)

    @Option(help: WarmupSeconds.help("Seconds of load before measuring.", default: 1), transform: WarmupSeconds.parse)
    var warmup = WarmupSeconds(1)

    @Option(help: RequestCount.help("Stop after this many measured requests (or at the end of --duration, whichever is first)."),
            transform: RequestCount.parse)
    var requests: RequestCount?

    @Option(help: ThreadCount.help("Event loops, each on its own thread.", default: 2), transform: ThreadCount.parse)
    var threads = ThreadCount(2)

    @OptionGroup var timeout: TimeoutOption

    @Option(help: "Send `search VALUE` (the default, with morpheus).")
    var search: String?

    @Option(help: "Send a binary request whose content is `binary` followed by this text.")
    var binary: String?

    @Option(help: RequestBytes.help("Send a binary request of this many content bytes (e.g. 67108864 for 64 MiB)."), transform: RequestBytes.parse)
    var size: RequestBytes?

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    @Flag(help: "No progress line on stderr.")
    var noProgress = false

    func validate() throws {
        guard [search != nil, binary != nil, size != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("choose one of --search, --binary and --size")
        }
    }

    var loadConfiguration: LoadConfiguration {
        let request: LoadRequest
        if let size {
            request = .sized(size.value)
        } else if let binary {
            request = LoadRequest(.binary(action: "binary", value: binary))
        } else {
            request = LoadRequest(.search(search ?? "morpheus"))
        }
        return LoadConfiguration(host: host, port: port.value, connections: connections.value, threads: threads.value,
                                 warmup: warmup.duration, duration: duration.duration,
                                 maxRequests: requests?.value, timeout: timeout.timeout.duration, request: request)
    }

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        // Past the (raised) limit, the load generator runs fewer slots and the report says why.
        ProcessSetup.raiseOpenFileLimit()
        let interactive = isatty(2) == 1
        let report: LoadReport
        do {
            report = try LoadGenerator.run(loadConfiguration) { p in
                guard !noProgress else { return }
                let line = "\(Int(p.elapsed.rounded())) s  \(p.warmingUp ? "warm-up" : "measuring")  \(Int(p.rate)) req/s  ok \(p.completed)  errors \(p.failed)"
                Console.err(interactive ? "\r\u{1B}[K" + line : line, newline: !interactive)
            }
        } catch {
            if interactive && !noProgress { Console.err("", newline: true) }
            throw CommandFailure(message: "cannot run the load: \(error)")
        }
        if interactive && !noProgress { Console.err("\r\u{1B}[K", newline: false) }
        Console.out(json ? report.json : report.table)
        if report.totalErrors > 0 { throw ExitCode(1) }
    }
}

/// `socketlab bench decode`
struct BenchDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decoder micro-benchmark: MB/s decoding 1, 16 and 64 MiB messages fed in 4 KiB pieces (linear = flat MB/s)."
    )

    @Option(help: "Message sizes in MiB, one per --mib (\(MessageMiBBounds.rangeText); default: 1 16 64).", transform: MessageMiB.parse)
    var mib: [MessageMiB] = [MessageMiB(1), MessageMiB(16), MessageMiB(64)]

    @Option(help: PieceBytes.help("Bytes per feed.", default: 4096), transform: PieceBytes.parse)
    var piece = PieceBytes(4096)

    @Option(help: RepeatCount.help("Runs per size; the best is shown.", default: 3), transform: RepeatCount.parse)
    var repeats = RepeatCount(3)

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        // As the server does: later runs reuse the first run's pages, so "best" is the decoder's
        // own cost and "first" adds the kernel's page faults for fresh memory.
        ProcessSetup.reuseLargeAllocations()
        let results = DecodeBenchmark.run(sizes: mib.map { $0.value << 20 }, pieceSize: piece.value, repeats: repeats.value)
        if json {
            Console.out(JSONValue.array(results.map { r in
                .object(pairs: [("bytes", .integer(r.messageBytes)), ("seconds", .decimal(r.seconds)),
                         ("first_seconds", .decimal(r.firstSeconds)), ("megabytes_per_second", .decimal(r.megabytesPerSecond))])
            }).jsonText)
            return
        }
        Console.out("  message    best s      MB/s   ns/byte   first s   (fed in \(piece.value)-byte pieces; best of \(repeats.value), and the first run into fresh memory)")
        for r in results {
            let cells = [LoadReport.bytesText(r.messageBytes - (r.messageBytes % (1 << 20))),
                         String(format3(r.seconds)), String(Int(r.megabytesPerSecond.rounded())), String(format3(r.nanosecondsPerByte)), format3(r.firstSeconds)]
            Console.out(cells.map { String(repeating: " ", count: max(0, 9 - $0.count)) + $0 }.joined(separator: "  "))
        }
    }

    private func format3(_ value: Double) -> String {
        let scaled = (value * 1000).rounded()
        let whole = Int(scaled / 1000)
        let fraction = Int(scaled) - whole * 1000
        return "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
    }
}
