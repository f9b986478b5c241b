import FrameCore

/// An error that ends a command with one line on stderr (`Error: …`, printed by
/// swift-argument-parser) and exit status 1, never a stack trace.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    /// Escaped, since messages quote peers, hosts and files (`PythonRepr.escaped`).
    var description: String { PythonRepr.escaped(message) }
}
