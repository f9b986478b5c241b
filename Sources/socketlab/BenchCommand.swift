import ArgumentParser

/// `socketlab bench`: the closed-loop load generator.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Load-test a server with connection-per-request traffic and report req/s and latency."
    )

    func run() throws {
        throw CommandFailure(message: "the load generator is not built yet")
    }
}
