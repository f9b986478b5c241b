/// The UI thread's order of work, as a policy the runner follows: keys first, then events.
///
/// Key-to-screen latency under a flood is what the user feels, so a key never waits behind
/// session events: pending keys are read before each slice of events is applied, and a key's
/// effect is painted at once. Events alone repaint at most once per `frameInterval` (a flood
/// would otherwise keep the thread painting), and while a backlog of events waits the keyboard
/// is only polled, never waited on.
public struct TUIPacer {
    /// The longest a slice of events is applied before the keyboard is looked at again.
    public static let eventSlice: Duration = .milliseconds(4)
    /// How often events alone repaint the screen.
    public static let frameInterval: Duration = .milliseconds(33)
    /// How long an idle UI waits for a key before it looks for events again.
    public static let idleWaitMilliseconds = 50

    /// When the screen was last painted (nil: never).
    public private(set) var lastPaint: ContinuousClock.Instant?

    public init() {}

    /// How long to wait for a key: not at all while events wait to be applied, until the next
    /// frame is due while the screen is out of date, else the idle wait.
    public func keyWaitMilliseconds(backlog: Bool, dirty: Bool, now: ContinuousClock.Instant) -> Int {
        if backlog { return 0 }
        guard dirty else { return Self.idleWaitMilliseconds }
        guard let lastPaint else { return 0 }
        let left = lastPaint + Self.frameInterval - now
        guard left > .zero else { return 0 }
        return min(Self.idleWaitMilliseconds, left.waitMilliseconds)
    }

    /// Whether to paint now: at once after keys, at most once per frame for events alone.
    public func shouldPaint(dirty: Bool, afterKeys: Bool, now: ContinuousClock.Instant) -> Bool {
        guard dirty else { return false }
        guard !afterKeys, let lastPaint else { return true }
        return now - lastPaint >= Self.frameInterval
    }

    public mutating func painted(at now: ContinuousClock.Instant) {
        lastPaint = now
    }
}
