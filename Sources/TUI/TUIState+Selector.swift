extension TUIState {
    /// `:step on|off`: the status says how to go on; `n` then works at once (focus leaves the
    /// composer, where `n` would be typed).
    mutating func setStepping(_ on: Bool) -> [TUIAction] {
        stepping = on
        if on {
            focus = .connections
            showSelector = true
            status = "stepping: the loop stops before each wake-up; \(tour == nil ? "n" : "space") runs the next one (:step off resumes)"
        } else {
            status = "stepping off: the loop runs freely"
        }
        return [.stepping(on)]
    }
}
