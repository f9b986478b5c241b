import ArgumentParser

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
}
