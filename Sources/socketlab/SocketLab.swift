import ArgumentParser

@main
struct SocketLab: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "socketlab", abstract: "SocketLab", version: "0.1.0")
}
