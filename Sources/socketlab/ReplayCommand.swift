import ArgumentParser
import Capture
import CursesUI
import FrameCore
import Glibc
import TUI
import Peers
import Reactor
import Recorder

/// `socketlab replay`: a recording (ours or any pcap/pcapng of the protocol) in the TUI, on its
/// recorded clock and without the network; or, with `--against`, each recorded request resent to a
/// live server, its reply compared byte for byte with the recorded one.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recording in the TUI, or resend its requests to a server (--against HOST PORT FILE).",
        discussion: """
        FILE is a JSON Lines or pcap recording made with --record, or any pcap/pcapng capture of the protocol \
        (e.g. tcpdump -i lo -w demo.pcap), on any port. In the TUI nothing is sent: space plays or pauses, n steps \
        one event, N one message, + and - change the speed, Home and End jump to the start and the end, q quits. \
        With --against, each recorded request is sent to HOST PORT as it was recorded and the reply is compared \
        with the recorded one; the exit status is 1 if any differs.
        """
    )

    @Flag(help: "Resend each recorded client request to HOST PORT and compare the replies (give HOST PORT FILE).")
    var against = false

    @Argument(help: ArgumentHelp("FILE, or with --against: HOST PORT FILE.", valueName: "file"))
    var words: [String]

    @Option(help: Seconds.help("With --against: seconds to wait for each reply.", default: 5), transform: Seconds.parse)
    var timeout = Seconds(5)

    @Flag(help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    func validate() throws {
        if against {
            guard words.count == 3 else { throw ValidationError("--against needs HOST PORT FILE") }
            do {
                _ = try Port.parse(words[1])
            } catch {
                throw ValidationError("PORT \(words[1]): \(error)")
            }
        } else {
            guard words.count == 1 else { throw ValidationError("give one FILE (or --against HOST PORT FILE)") }
        }
    }

    func run() throws {
        let path = words.last!
        let contents: CaptureContents
        do {
            contents = try CaptureFile.contents(path)
        } catch {
            throw CommandFailure(message: "cannot replay \(path): \(error)")
        }
        if against {
            // Said first: the requests resent are those of the part kept, not of the whole file.
            if let cut = contents.cut { Console.err("Note: \(path): \(cut)") }
            try resend(contents.events, host: words[0], port: try Port.parse(words[1]).value, path: path)
        } else {
            var events = contents.events
            if let cut = contents.cut {
                // Where the replay stops, in the TUI's own log: the terminal line below is only
                // seen once the TUI is closed.
                events.append(SessionEvent(time: events.last?.time ?? 0, connection: nil,
                                           kind: .error("the replay stops here: \(cut)")))
            }
            try show(events, path: path)
            if let cut = contents.cut { Console.err("Note: \(path): \(cut)") }
        }
    }

    private func resend(_ events: [SessionEvent], host: String, port: Int, path: String) throws {
        ProcessSetup.ignoreSIGPIPE()
        let exchanges = RecordedExchange.from(events)
        guard !exchanges.isEmpty else { throw CommandFailure(message: "\(path) holds no client requests to resend") }
        var differing = 0
        for (index, exchange) in exchanges.enumerated() {
            let label = "request \(index + 1) of \(exchanges.count) (connection \(exchange.connection), \(exchange.summary))"
            let limit = timeout.duration
            switch ReplayClient.run(host: host, port: port, request: exchange.request, timeout: limit, maxReplyBytes: exchange.reply.count) {
            case let .failure(error):
                throw CommandFailure(message: "\(label): \(error)")
            case let .success(outcome):
                let waited = outcome.cut ? " (longer than recorded: not read further)"
                    : outcome.timedOut ? " (no close within \(timeout) s)" : ""
                if let difference = exchange.difference(from: outcome.reply) {
                    differing += 1
                    Console.out("\(label): \(difference)\(waited)")
                } else {
                    Console.out("\(label): identical reply (\(outcome.reply.count) bytes)\(waited)")
                }
            }
        }
        if differing > 0 {
            throw CommandFailure(message: "\(differing) of \(exchanges.count) replies differ")
        }
        Console.out("all \(exchanges.count) replies identical")
    }

    private func show(_ events: [SessionEvent], path: String) throws {
        let colors = Terminal.wantsColors(noColor: noColor)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let fresh = {
            var state = TUIState(target: name, origin: "replay", mode: .app, colors: colors)
            state.focus = .connections
            return state
        }
        let terminal = try Terminal.forCommand(colors: colors)
        defer { terminal.shutdown() }
        var runner = ReplayRunner(terminal: terminal, player: ReplayPlayer(events: events), fresh: {
            var state = fresh()
            state.colors = colors && terminal.colorsEnabled
            return state
        })
        runner.run()
    }
}
