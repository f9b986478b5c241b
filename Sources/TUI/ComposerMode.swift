/// What the composer speaks: the app protocol's framed requests, or raw echo text.
public enum ComposerMode: String, Sendable, CaseIterable {
    case app, echo, multiconn

    var framed: Bool { self == .app }

    /// A request worth typing in this mode, for the hints: the echo servers answer any text.
    var example: String { self == .app ? "search morpheus" : "Hello, world" }

    /// What the composer's placeholder suggests.
    var placeholder: String {
        self == .app ? "press i or Enter to type a request (search morpheus, binary 😃, hex 00 05 …, :help)"
            : "press i or Enter to type text to echo (Hello, world; hex 00 ff …; :help)"
    }
}
