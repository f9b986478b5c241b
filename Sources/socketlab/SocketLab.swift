import ArgumentParser
import FrameCore
import Glibc

/// The one executable. With no subcommand it opens the TUI against an embedded server, so a
/// newcomer sees everything with `swift run socketlab`.
@main
struct SocketLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socketlab",
        abstract: "A workbench for the sockets-with-selectors protocol: server, client, TUI and load generator.",
        version: "socketlab 0.1.0",
        subcommands: [TUICommand.self, TourCommand.self, ServerCommand.self, ClientCommand.self, BenchCommand.self, TapCommand.self, ReplayCommand.self],
        defaultSubcommand: TUICommand.self
    )

    /// A message line quoting a megabyte-long argument is cut here, saying how much was left out.
    static let maxMessageLineBytes = 4096

    /// Swift decodes the program's arguments as UTF-8 and replaces what is not with U+FFFD, so
    /// `replay $'\xff.jsonl'` looked for another file ("cannot open �.jsonl") and a Latin-1 host
    /// name became a different one. Such an argument is refused up front, naming its bytes, with
    /// the usage-error status, instead of being used changed.
    static func refuseArgumentsThatAreNotUTF8() {
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw))
            Console.err("Error: argument \(index) is not UTF-8 text: \(PythonRepr.bytes(bytes, limit: 200)); "
                        + "socketlab reads its arguments as UTF-8 (rename the file, or give the name in UTF-8)")
            Glibc.exit(ExitCode.validationFailure.rawValue)
        }
    }

    /// Widths argument-parser can wrap help to: below about 30 columns its indent leaves no room
    /// and it traps (debug builds) or prints every description empty (release).
    static let helpColumns = 60...1000

    /// Sets COLUMNS, which argument-parser reads, inside `helpColumns` before any message is
    /// rendered: `COLUMNS=0 socketlab server --help` (or a usage error in a 20-column pane) crashed
    /// with "`columns - wrappingIndent` should be always be greater than 0". Only on the way out,
    /// so a TUI still sizes itself from the terminal (ncurses reads COLUMNS too).
    static func keepHelpWrappable() {
        var size = winsize()
        let terminal = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
        let asked = getenv("COLUMNS").flatMap { Int(String(cString: $0)) } ?? terminal ?? 80
        setenv("COLUMNS", String(min(max(asked, helpColumns.lowerBound), helpColumns.upperBound)), 1)
    }

    /// argument-parser's `main()`, except that every message passes `PythonRepr.escaped`, line by
    /// line, before it reaches the terminal. Why here, once: argument-parser quotes a refused value
    /// as it was typed ("The value '\e[2J' is invalid for '<port>'"), and so would any error of
    /// ours that forgot to escape; a pasted or scripted argument must not rewrite the screen.
    /// Messages without control characters (help, usage, `--version`) come out unchanged.
    static func main() {
        refuseArgumentsThatAreNotUTF8()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            keepHelpWrappable()
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if !text.isEmpty {
                let escaped = text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { PythonRepr.escaped(String($0), maxBytes: Self.maxMessageLineBytes) }.joined(separator: "\n")
                if code.isSuccess { Console.out(escaped) } else { Console.err(escaped) }
            }
            Glibc.exit(code.rawValue)
        }
    }
}
