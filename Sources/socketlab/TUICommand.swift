import ArgumentParser
import CursesUI
import Glibc
import Inspector
import Peers
import Reactor

/// `socketlab tui` (the default command): the interactive workbench.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal UI. Without HOST PORT it starts an embedded app server on 127.0.0.1 with a free port.",
        discussion: "Type `search morpheus` and Enter; press ? in the UI for every key. NO_COLOR (or --no-color) draws without colours."
    )

    @Argument(help: "Attach to this server instead of starting one (ours or the tutorial's Python server).")
    var host: String?

    @Argument(help: "Port of the server to attach to.")
    var port: Int?

    @Option(help: "What the composer speaks: app (framed requests), echo or multiconn (raw text, echoed back).")
    var mode: ServerMode = .app

    @Flag(help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    @Option(help: "Bytes kept per connection and direction for the dump.")
    var maxDumpBytes: Int = InspectorLimits().bytesPerStream

    @Option(help: "Event-log lines kept.")
    var maxEvents: Int = InspectorLimits().events

    func validate() throws {
        if host != nil, port == nil { throw ValidationError("give both HOST and PORT, or neither for an embedded server") }
        if let port, !(1...65535).contains(port) { throw ValidationError("port must be 1…65535, got \(port)") }
        guard maxDumpBytes >= 256, maxEvents >= 10 else { throw ValidationError("--max-dump-bytes ≥ 256 and --max-events ≥ 10") }
    }

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        let target: WorkbenchTarget = host.map { .external(host: $0, port: port!) } ?? .embedded(mode)
        let workbench = Workbench(target: target)
        let address: String
        do {
            address = try workbench.start()
        } catch {
            throw CommandFailure(message: "\(error)")
        }
        defer { workbench.stop() }
        let colors = !noColor && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
        var limits = InspectorLimits()
        limits.bytesPerStream = maxDumpBytes
        limits.events = maxEvents
        var state = InspectorState(target: address, origin: host == nil ? "embedded \(mode.rawValue) server" : "server",
                                   mode: ComposerMode(rawValue: mode.rawValue) ?? .app, limits: limits, colors: colors)
        let terminal: Terminal
        do {
            terminal = try Terminal(colors: colors)
        } catch {
            throw CommandFailure(message: "cannot open the terminal: \(error)")
        }
        defer { terminal.shutdown() }
        state.colors = colors && terminal.colorsEnabled
        TUIRunner(terminal: terminal, workbench: workbench).run(&state)
    }
}
