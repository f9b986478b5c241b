import Logging
import Peers

/// Log set-up shared by the commands: plain lines on stderr, errors only with `--quiet`.
enum CommandLogging {
    static func logger(quiet: Bool) -> Logger {
        Logger(label: "socketlab") { _ in PlainLogHandler(level: quiet ? .error : .info) }
    }
}
