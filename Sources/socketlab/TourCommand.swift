import ArgumentParser
import CursesUI
import Foundation
import Glibc
import TUI
import Peers
import Reactor
import Recorder

/// `socketlab tour`: the tutorial's three iterations (echo, multiconn, app) step by step in the
/// TUI, against an embedded server of each step's mode. The script is `Resources/tour.json`
/// (or `--script FILE`, e.g. a translation); each step runs its composer lines for real.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "A guided tour of the tutorial's three iterations (echo, multiconn, app) in the terminal UI.",
        discussion: "n or → next step, p or ← previous, space runs the next wake-up while a step single-steps, q leaves. Fits 80×24."
    )

    @Option(help: "Read the tour from this JSON file instead of the built-in one (same format: see Sources/socketlab/Resources/tour.json).")
    var script: String?

    @Flag(help: "Draw without colours (also when NO_COLOR is set).")
    var noColor = false

    @Option(help: "Look: default, projector or mono.")
    var theme: ThemeName = .default

    /// The built-in script, in the resources directory SwiftPM puts next to the executable.
    /// Looked up by hand rather than through `Bundle.module`, whose accessor aborts the process
    /// when the directory is missing (a binary copied alone): here that is a clear error.
    static func builtInScript() throws -> URL {
        let resource = "SocketLab_socketlab.resources/tour.json"
        let directories = [Bundle.main.bundleURL,
                           URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()]
        let candidates = directories.map { $0.appendingPathComponent(resource) }
        guard let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0.path) }) else {
            throw CommandFailure(message: "the built-in tour is missing (looked for \(candidates[0].path)); give one with --script FILE")
        }
        return found
    }

    func loadTour() throws -> Tour {
        let path = try script ?? Self.builtInScript().path
        // The one reader for files a user names (as `replay`'s): regular files only (a FIFO
        // would block forever, a directory or /dev/zero is no script) and the size checked
        // before a byte is read.
        let bytes: [UInt8]
        do {
            bytes = try CaptureFile.read(path, maxSize: Tour.maxBytes)
        } catch {
            throw CommandFailure(message: "cannot read the tour: \(error)")
        }
        do {
            return try Tour.parse(bytes)
        } catch {
            throw CommandFailure(message: "\(path): \(error)")
        }
    }

    func run() throws {
        ProcessSetup.ignoreSIGPIPE()
        var tour = TourState(tour: try loadTour())
        let colors = Terminal.wantsColors(noColor: noColor)
        let terminal = try Terminal.forCommand(colors: colors)
        defer { terminal.shutdown() }
        // One session per stretch of steps in the same mode: a new mode gets a fresh server.
        var mode = tour.current.mode
        while true {
            let serverMode = ServerMode(rawValue: mode.rawValue) ?? .app
            // Stepping at a reader's pace: a reply may take minutes to come through the gate.
            let engine = TUIEngine(target: .served(.embedded(mode: serverMode)), replyTimeout: .seconds(600))
            let address: String
            do {
                address = try engine.start()
            } catch {
                throw CommandFailure(message: "\(error)")
            }
            var state = TUIState(target: address, origin: "tour: embedded \(mode.rawValue) server", mode: mode,
                                       limits: TUILimits(), colors: colors && terminal.colorsEnabled)
            state.theme = theme
            state.tour = tour
            let initial = state.enterTourStep()
            var runner = TUIRunner(terminal: terminal, engine: engine, recorder: nil, recordLimit: 0)
            _ = runner.run(&state, initial: initial)
            engine.setStepping(false)
            engine.stop()
            guard let next = runner.tourMode, let moved = state.tour else { return }
            tour = moved
            mode = next
        }
    }
}
