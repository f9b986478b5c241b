/// What a registration waits for: readable, writable, both, or nothing.
///
/// Why an option set of its own (not epoll bits): the same value is the logical interest the
/// Python program would register, what the TUI shows ("READ|WRITE"), and what both selector
/// backends translate into their own flags.
public struct Interest: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let read = Interest(rawValue: 1 << 0)
    public static let write = Interest(rawValue: 1 << 1)

    /// "READ", "WRITE", "READ|WRITE", or "-" for none, as Python's selectors constants read.
    public var description: String {
        switch (contains(.read), contains(.write)) {
        case (true, true): return "READ|WRITE"
        case (true, false): return "READ"
        case (false, true): return "WRITE"
        case (false, false): return "-"
        }
    }
}
