/// One ready registration as a selector reports it.
///
/// Why plain booleans rather than `Interest`: hang-up and error are not something one registers
/// for, yet the loop must see them (a reset peer, a failed connect).
public struct SelectorEvent: Sendable, Equatable {
    public var token: UInt64
    public var readable: Bool
    public var writable: Bool
    public var hangup: Bool
    public var error: Bool

    public init(token: UInt64, readable: Bool, writable: Bool, hangup: Bool, error: Bool) {
        self.token = token
        self.readable = readable
        self.writable = writable
        self.hangup = hangup
        self.error = error
    }
}
