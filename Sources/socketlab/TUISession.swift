import CursesUI
import Glibc
import TUI
import Peers
import Reactor
import Recorder

/// Starts an engine for `target`, opens the terminal and runs the TUI until the user quits:
/// what `tui` and `tap` share.
struct TUISession {
    var target: TUITarget
    var mode: ServerMode
    /// The title's words before the address, e.g. "embedded app server", from the bound address.
    var origin: (SocketAddress?) -> String
    var noColor: Bool
    var limits: TUILimits
    var theme: ThemeName = .default
    /// How long the user's connections may take to open, and a reply once a request is out.
    var replyTimeout: Duration = .seconds(10)

    /// The recording `--record` started, if any; `:record` can start one later.
    var recorder: SessionRecorder? = nil
    var recordLimit = SessionRecorder.defaultLimit

    func run() throws {
        let engine = TUIEngine(target: target, replyTimeout: replyTimeout)
        // Recording starts before the engine, so it sees the embedded server's first event.
        if let recorder { engine.setTap { recorder.record($0) } }
        var stillRecording = recorder
        // Declared before the terminal's defer, so it runs after it: the line lands on a normal screen.
        defer { RecordOptions.finish(stillRecording) }
        let address: String
        do {
            address = try engine.start()
        } catch {
            throw CommandFailure(message: "\(error)")
        }
        defer { engine.stop() }
        let colors = Terminal.wantsColors(noColor: noColor)
        var state = TUIState(target: address, origin: origin(engine.targetAddress),
                                   mode: ComposerMode(rawValue: mode.rawValue) ?? .app, limits: limits, colors: colors)
        let terminal = try Terminal.forCommand(colors: colors)
        defer { terminal.shutdown() }
        state.colors = colors && terminal.colorsEnabled
        state.theme = theme
        var runner = TUIRunner(terminal: terminal, engine: engine, recorder: recorder, recordLimit: recordLimit)
        stillRecording = runner.run(&state)
    }
}
