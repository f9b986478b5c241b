/// One thing the event loop asked of its selector, as a class would narrate it: a wake-up of
/// `select()` with what was ready, a run of idle wake-ups, or a register / modify / unregister.
///
/// Why it exists: the selector loop is the heart of the lesson and otherwise invisible. Observers
/// get these next to the reads and writes (`ReactorEvent.Kind.selector`); handles name a
/// connection by its id (`#3`), a listening socket by `lsn ADDRESS`, the loop's own wake-up
/// eventfd by `wake`.
public enum SelectorCall: Sendable, Equatable, CustomStringConvertible {
    /// `select()` call number `call` returned these ready registrations.
    case wokeUp(call: Int, ready: [Ready])
    /// Calls `first...last` returned with nothing ready (timer timeouts), folded into one.
    case idle(first: Int, last: Int)
    case register(handle: String, interest: Interest)
    case modify(handle: String, interest: Interest)
    case unregister(handle: String)

    /// One ready registration of a wake-up and what it was ready for.
    public struct Ready: Sendable, Equatable, CustomStringConvertible {
        public var handle: String
        public var events: String

        public init(handle: String, events: String) {
            self.handle = handle
            self.events = events
        }

        public var description: String { "\(handle) \(events)" }
    }

    public var description: String {
        switch self {
        case let .wokeUp(call, ready):
            return "select #\(call) → \(ready.count) ready: " + ready.map(\.description).joined(separator: ", ")
        case let .idle(first, last):
            let count = last - first + 1
            return first == last ? "select #\(first) → nothing ready (timeout)"
                : "select #\(first)–#\(last) → nothing ready (\(count) idle wake-ups)"
        case let .register(handle, interest): return "register \(handle) \(interest)"
        case let .modify(handle, interest): return "modify \(handle) \(interest)"
        case let .unregister(handle): return "unregister \(handle)"
        }
    }

    /// "READ", "WRITE", "READ|WRITE", plus "HUP"/"ERR" for a ready event.
    static func events(_ event: SelectorEvent) -> String {
        var parts: [String] = []
        if event.readable { parts.append("READ") }
        if event.writable { parts.append("WRITE") }
        if event.hangup { parts.append("HUP") }
        if event.error { parts.append("ERR") }
        return parts.isEmpty ? "-" : parts.joined(separator: "|")
    }
}
