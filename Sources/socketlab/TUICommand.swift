import ArgumentParser
import TUI
import Peers
import Reactor

/// `socketlab tui` (the default command): the interactive TUI.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal UI. Without HOST PORT it starts an embedded app server on 127.0.0.1 with a free port.",
        discussion: "Type `search morpheus` and Enter; press F1 in the UI (or ? outside the composer) for every key. NO_COLOR (or --no-color) draws without colours; --theme projector suits a projected screen."
    )

    @Argument(help: "Attach to this server instead of starting one (ours or the tutorial's Python server).")
    var host: String?

    @Argument(help: Port.help("Port of the server to attach to."), transform: Port.parse)
    var port: Port?

    @Option(help: "What the composer speaks: app (framed requests), echo or multiconn (raw text, echoed back).")
    var mode: ServerMode = .app

    @Flag(help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    @Option(help: "Look: default, projector (vivid 256 colours, bold, no dim text) or mono (attributes only); :theme switches.")
    var theme: ThemeName = .default

    @OptionGroup var limits: TUILimitOptions

    /// As the client's: how long a connection may take to open, and a reply once the request is out.
    @OptionGroup var timeout: TimeoutOption

    @OptionGroup var room: RoomOptions

    @OptionGroup var recording: RecordOptions

    /// The server to attach to, or nil for an embedded one; `validate()` reports a HOST without a PORT.
    func attachTo() throws -> (host: String, port: Int)? {
        switch (host, port) {
        case let (host?, port?): return (host, port.value)
        case (nil, nil): return nil
        default: throw ValidationError("give both HOST and PORT, or neither for an embedded server")
        }
    }

    func validate() throws {
        if try attachTo() != nil, room.listen != nil {
            throw ValidationError("--listen is for the embedded server; it cannot be used with HOST PORT")
        }
    }

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        let target: TUITarget = try attachTo().map { .external(host: $0.host, port: $0.port) } ?? .served(room.configuration(mode: mode))
        try TUISession(target: target, mode: mode, origin: { bound in host == nil ? room.origin(mode: mode, bound: bound) : "server" },
                       noColor: noColor, limits: limits.tuiLimits, theme: theme, replyTimeout: timeout.timeout.duration,
                       recorder: recording.makeRecorder(), recordLimit: recording.recordLimit.value).run()
    }
}

extension ThemeName: ExpressibleByArgument {}
