import ArgumentParser

/// `--timeout`: how long a client waits for its connection and reply. Shared by every command
/// that opens client connections, so the flag reads and checks the same everywhere.
struct TimeoutOption: ParsableArguments {
    @Option(help: Seconds.help("Seconds to wait for a connection and its reply.", default: 10), transform: Seconds.parse)
    var timeout = Seconds(10)
}
