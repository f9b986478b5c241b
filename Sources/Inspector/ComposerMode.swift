/// What the composer speaks: the app protocol's framed requests, or raw echo text.
public enum ComposerMode: String, Sendable, CaseIterable {
    case app, echo, multiconn

    var framed: Bool { self == .app }
}
