import FrameCore

/// The whole TUI as plain values: what the session showed (`live`, or `frozen` while paused)
/// and the UI around it (focus, selection, scroll, composer). `render` draws it; `apply` feeds
/// it session events; `handle` turns keys into state changes and commands.
public struct TUIState: Sendable {
    public var live: SessionData
    /// A copy of `live` taken at pause; the screen shows it while bytes keep being recorded.
    public var frozen: SessionData?
    public let mode: ComposerMode
    public let limits: TUILimits
    /// Where the server runs, for the title: "embedded app server" or "external server".
    public var origin: String
    public var focus: Pane = .composer
    public var composer: ComposerState
    /// Set while a bracketed paste arrives: its characters go to the composer as text.
    public var paste: PasteProgress?
    public var selectedConnection: Int?
    /// Which decoded message is shown: nil follows the newest.
    public var selectedMessage: Int?
    /// Which line of the decoded view is selected (its bytes are highlighted in the dump).
    public var selectedField: Int?
    /// First dump line shown; nil follows the newest bytes.
    public var dumpScroll: Int?
    /// Event-log lines scrolled up from the newest (0 = follow).
    public var eventsScroll = 0
    /// First connection row shown (moved as needed to show the selected one).
    public var connectionsScroll = 0
    /// The pane `z` maximised, if any.
    public var zoomed: Pane?
    /// Fragmented send for the next requests: chunk size and delay.
    public var chunk: (size: Int, delayMilliseconds: Int)?
    public var showHelp = false
    /// The event log shows the selector's calls instead of the session's events.
    public var showSelector = false
    /// The loop stops before each wake-up until `n` (`:step on`).
    public var stepping = false
    /// First help line shown, when the help is taller than the screen.
    public var helpScroll = 0
    /// `q` was pressed with connections open; the next key decides.
    public var confirmingQuit = false
    /// Whether the terminal shows colours (false for NO_COLOR, --no-color, a monochrome terminal).
    public var colors: Bool
    /// The look (`--theme`, `:theme`).
    public var theme: ThemeName = .default
    /// A transient line for the status bar (a parse error, "sent …").
    public var status: String?
    /// While a recording runs, its badge for the status bar (`● REC demo.pcap 12.3 KiB`).
    public var recording: String?
    /// In a replay, where it stands (`event 14/52 · 0.31 s · ❚❚ 1×`), for the status bar.
    public var replayPosition: String?
    /// The guided tour (`socketlab tour`), whose panel and keys sit on top of the TUI.
    public var tour: TourState?
    var lastRequest: (payload: [UInt8], label: String)?

    public init(target: String, origin: String, mode: ComposerMode = .app, limits: TUILimits = TUILimits(),
                colors: Bool = true) {
        live = SessionData(target: target)
        self.origin = origin
        self.mode = mode
        self.limits = limits
        self.colors = colors
        composer = ComposerState(maxCount: limits.composerCharacters)
    }

    /// What the screen shows.
    public var shown: SessionData { frozen ?? live }
    public var isPaused: Bool { frozen != nil }

    /// The selected connection as shown.
    public var selected: ConnectionView? { shown.connection(selectedConnection) }
}
