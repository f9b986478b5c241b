import Glibc

/// Everything that can go wrong in the socket layer, as a typed value.
///
/// Why an enum with words in it instead of a bare errno: the peers print these to people
/// ("connection refused by 127.0.0.1:65432"), tests compare them, and the errno values that a
/// person can act on (refused, in use, too many files) get their own cases so callers can
/// `switch` on them. Anything else keeps the call name and errno in `.system`.
public enum SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nobody listens at that address (ECONNREFUSED). Carries the address text.
    case connectionRefused(String)
    /// The connection attempt or an established connection timed out. Carries the address text.
    case timedOut(String)
    case hostUnreachable(String)
    case networkUnreachable(String)
    /// Another socket is bound to that address (EADDRINUSE).
    case addressInUse(String)
    /// The address does not belong to this machine (EADDRNOTAVAIL).
    case addressNotAvailable(String)
    /// getaddrinfo failed; `reason` is its `gai_strerror` text.
    case resolutionFailed(host: String, reason: String)
    case connectionReset
    case brokenPipe
    /// The process hit its open-file limit (EMFILE).
    case tooManyOpenFiles
    /// The kernel's file table is full (ENFILE).
    case systemFileTableFull
    /// Any other failure of a system call.
    case system(call: String, errno: Int32)

    public var description: String {
        switch self {
        case .connectionRefused(let address):
            return "connection refused by \(address)"
        case .timedOut(let address):
            return "connection to \(address) timed out"
        case .hostUnreachable(let address):
            return "host \(address) is unreachable"
        case .networkUnreachable(let address):
            return "network is unreachable for \(address)"
        case .addressInUse(let address):
            return "address \(address) is already in use"
        case .addressNotAvailable(let address):
            return "address \(address) is not available on this machine"
        case .resolutionFailed(let host, let reason):
            return "could not resolve host '\(host)': \(reason)"
        case .connectionReset:
            return "connection reset by peer"
        case .brokenPipe:
            return "broken pipe: the peer closed the connection"
        case .tooManyOpenFiles:
            return "too many open files: the process reached its file descriptor limit (see ulimit -n)"
        case .systemFileTableFull:
            return "the system's file table is full"
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        }
    }

    /// Maps an errno to the case a person can act on. `address` names the other end (or the
    /// local address for bind) in the message; without one the text says "the peer".
    init(errno code: Int32, call: String, address: SocketAddress?) {
        let text = address?.description ?? "the peer"
        switch code {
        case ECONNREFUSED: self = .connectionRefused(text)
        case ETIMEDOUT: self = .timedOut(text)
        case EHOSTUNREACH: self = .hostUnreachable(text)
        case ENETUNREACH: self = .networkUnreachable(text)
        case EADDRINUSE: self = .addressInUse(text)
        case EADDRNOTAVAIL: self = .addressNotAvailable(text)
        case ECONNRESET: self = .connectionReset
        case EPIPE: self = .brokenPipe
        case EMFILE: self = .tooManyOpenFiles
        case ENFILE: self = .systemFileTableFull
        default: self = .system(call: call, errno: code)
        }
    }
}
