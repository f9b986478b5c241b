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

    @Argument(help: Port.help("Port of the server to attach to."), transform: Port.parse)
    var port: Port?

    @Option(help: "What the composer speaks: app (framed requests), echo or multiconn (raw text, echoed back).")
    var mode: ServerMode = .app

    @Flag(help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    @OptionGroup var limits: TUILimitOptions

    /// The server to attach to, or nil for an embedded one; `validate()` reports a HOST without a PORT.
    func attachTo() throws -> (host: String, port: Int)? {
        switch (host, port) {
        case let (host?, port?): return (host, port.value)
        case (nil, nil): return nil
        default: throw ValidationError("give both HOST and PORT, or neither for an embedded server")
        }
    }

    func validate() throws {
        _ = try attachTo()
    }

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        let target: WorkbenchTarget = try attachTo().map { .external(host: $0.host, port: $0.port) } ?? .embedded(mode)
        let workbench = Workbench(target: target)
        let address: String
        do {
            address = try workbench.start()
        } catch {
            throw CommandFailure(message: "\(error)")
        }
        defer { workbench.stop() }
        let colors = !noColor && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
        var state = InspectorState(target: address, origin: host == nil ? "embedded \(mode.rawValue) server" : "server",
                                   mode: ComposerMode(rawValue: mode.rawValue) ?? .app, limits: limits.inspectorLimits, colors: colors)
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
