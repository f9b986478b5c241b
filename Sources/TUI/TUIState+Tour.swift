extension TUIState {
    /// The tour's keys outside the composer: `n` / → next step, `p` / ← previous, `space` the
    /// next wake-up while stepping (`n` belongs to the tour here), `q` leaves at once (a tour has
    /// nothing to lose). Nil: not a tour key, handled as in the TUI.
    mutating func tourKey(_ key: KeyEvent) -> [TUIAction]? {
        guard tour != nil else { return nil }
        switch key {
        case .character("n"), .right: return moveTour(1)
        case .character("p"), .left: return moveTour(-1)
        case .character(" ") where stepping: return [.step]
        case .character("q"): return [.quit]
        default: return nil
        }
    }

    private mutating func moveTour(_ delta: Int) -> [TUIAction] {
        guard tour!.move(delta) else {
            status = delta > 0 ? "this is the last step: q leaves the tour" : "this is the first step"
            return []
        }
        return enterTourStep()
    }

    /// Runs the current step's composer lines. A step of another mode needs another server:
    /// `.tourMode` asks the runtime for it, and the new session enters the step again.
    /// Each step starts from whole sends and a running loop, so steps do not leak into each other.
    public mutating func enterTourStep() -> [TUIAction] {
        guard let step = tour?.current else { return [] }
        guard step.mode == mode else { return [.tourMode(step.mode)] }
        var commands: [TUIAction] = []
        chunk = nil
        if stepping { commands += setStepping(false) }
        for action in step.actions {
            switch ComposerInput.parse(action, mode: mode) {
            case let .success(input):
                composer.set(action)
                _ = composer.submit()
                commands += run(input)
            case let .failure(error):
                status = "`\(action)`: \(error.description)"
            }
        }
        focus = .connections
        return commands
    }
}
