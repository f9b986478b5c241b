import FrameCore
import Reactor

/// Why a client run failed, in words a person acts on; the CLI prints it as one line and exits
/// non-zero instead of a stack trace (the tutorial's weakness).
public enum ClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case resolve(SocketError)
    case connect(SocketError)
    /// No reply within the timeout.
    case timedOut(host: String, seconds: Double)
    case malformedReply(FrameError)
    /// The server closed before its reply was complete.
    case closedEarly(String)
    /// The connection failed after it was established (reset, …).
    case connection(SocketError)
    /// The event loop's selector failed, so nothing could be waited for.
    case eventLoop(SocketError)

    /// One line, with anything a peer contributed escaped (`PythonRepr.escaped`).
    public var description: String { PythonRepr.escaped(sentence) }

    private var sentence: String {
        switch self {
        case let .resolve(error): return "cannot resolve the host: \(error)"
        case let .connect(error): return "cannot connect: \(error)"
        case let .timedOut(host, seconds): return "no reply from \(host) within \(Self.seconds(seconds)) s (--timeout)"
        case let .malformedReply(error): return "the server's reply is malformed: \(error)"
        case let .closedEarly(detail): return "the server closed the connection before replying: \(detail)"
        case let .connection(error): return "the connection failed: \(error)"
        case let .eventLoop(error): return "the event loop failed: \(error)"
        }
    }

    /// Whole seconds without a fraction; anything else (or too large for an integer, as a
    /// library caller's `Duration.seconds(.max)` is) as Swift prints a Double, never a trap.
    private static func seconds(_ s: Double) -> String {
        s == s.rounded() && abs(s) < 1e15 ? String(Int64(s)) : String(s)
    }
}
