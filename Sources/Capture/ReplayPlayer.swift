import FrameCore

/// Plays a recording back on a virtual clock: which events are due, one event or one message at
/// a time, faster or slower. Pure: the TUI's replay runner applies the events it hands out to the
/// same `TUIState` a live session feeds, so a replay looks exactly like the session did.
///
/// Pauses longer than `maxPause` in the recording are played as `maxPause`: a demo recorded with
/// a minute between requests does not make the class wait a minute. The position shown is the
/// recorded time, unshortened.
public struct ReplayPlayer: Sendable {
    public let events: [SessionEvent]
    /// Events applied so far; the next one to apply is `events[position]`.
    public private(set) var position = 0
    public private(set) var playing = false
    /// Playback speed, one of `speeds`.
    public private(set) var speed = 1.0
    public static let speeds = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]
    public static let maxPause = 1.0

    /// Each event's time on the virtual clock (seconds from the first event, pauses shortened).
    private let clock: [Double]
    /// Whether each event completes at least one message (for `N`).
    private let completesMessage: [Bool]
    /// The virtual time reached while playing.
    private var now = 0.0

    public init(events: [SessionEvent]) {
        self.events = events
        var clock: [Double] = []
        var t = 0.0
        for (i, event) in events.enumerated() {
            if i > 0 { t += min(max(0, event.time - events[i - 1].time), Self.maxPause) }
            clock.append(t)
        }
        self.clock = clock
        var decoders: [String: FrameDecoder] = [:]
        completesMessage = events.map { event in
            guard let id = event.connection, case let .bytes(direction, bytes) = event.kind else { return false }
            let key = "\(id) \(direction.rawValue)"
            var decoder = decoders[key] ?? FrameDecoder()
            let before = decoder.messagesDecoded
            decoder.feed(bytes)
            while (try? decoder.next()) != nil {}
            decoders[key] = decoder
            return decoder.messagesDecoded > before
        }
    }

    public var isAtEnd: Bool { position == events.count }

    public mutating func togglePlaying() {
        if isAtEnd, !playing { return }
        playing.toggle()
        if playing { now = position > 0 ? clock[position - 1] : 0 }
    }

    public mutating func faster() {
        speed = Self.speeds.first { $0 > speed } ?? speed
    }

    public mutating func slower() {
        speed = Self.speeds.last { $0 < speed } ?? speed
    }

    /// While playing: the events due after `seconds` of wall time at the current speed.
    public mutating func advance(by seconds: Double) -> ArraySlice<SessionEvent> {
        guard playing else { return [] }
        now += seconds * speed
        var end = position
        while end < events.count, clock[end] <= now { end += 1 }
        return take(upTo: end)
    }

    /// The next event (`n`); pauses.
    public mutating func step() -> ArraySlice<SessionEvent> {
        playing = false
        return take(upTo: min(events.count, position + 1))
    }

    /// Up to and including the next event that completes a message (`N`); pauses.
    public mutating func stepMessage() -> ArraySlice<SessionEvent> {
        playing = false
        var end = position
        while end < events.count {
            end += 1
            if completesMessage[end - 1] { break }
        }
        return take(upTo: end)
    }

    /// Everything left (End); pauses.
    public mutating func toEnd() -> ArraySlice<SessionEvent> {
        playing = false
        return take(upTo: events.count)
    }

    /// Back to before the first event (Home); the caller starts from a fresh state.
    public mutating func toStart() {
        playing = false
        position = 0
        now = 0
    }

    /// `event 14/52 · 0.31 s`, then the mode: `▶ 2×` or `❚❚`.
    public var statusText: String {
        let elapsed = position > 0 ? max(0, events[position - 1].time - events[0].time) : 0
        let mode = playing ? "▶ " + Self.speedText(speed) : (isAtEnd ? "end" : "❚❚ " + Self.speedText(speed))
        return "event \(position)/\(events.count) · \(Self.seconds(elapsed)) · \(mode)"
    }

    static func speedText(_ speed: Double) -> String {
        speed >= 1 ? "\(Int(speed))×" : "1/\(Int((1 / speed).rounded()))×"
    }

    static func seconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }

    private mutating func take(upTo end: Int) -> ArraySlice<SessionEvent> {
        defer {
            position = end
            if isAtEnd { playing = false }
        }
        return events[position..<end]
    }
}
