import ArgumentParser

/// `socketlab tui`: the interactive workbench (the default command).
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal UI: with no HOST PORT it starts an embedded app server on a free port."
    )

    func run() throws {
        throw CommandFailure(message: "the TUI is not built yet")
    }
}
