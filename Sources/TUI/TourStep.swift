/// One step of `socketlab tour`: what the panel says and the composer lines it runs against the
/// embedded server of `mode` when the step is entered.
public struct TourStep: Equatable, Sendable {
    public var title: String
    public var mode: ComposerMode
    /// The explanation, one string a paragraph; the panel wraps it to its width.
    public var text: [String]
    /// Composer lines (`Hello, world`, `:burst 3`, `:step on`), run in order on entering the step.
    public var actions: [String]

    public init(title: String, mode: ComposerMode, text: [String], actions: [String]) {
        self.title = title
        self.mode = mode
        self.text = text
        self.actions = actions
    }
}
