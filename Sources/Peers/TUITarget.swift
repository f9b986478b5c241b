/// What the TUI talks to: a server it embeds, or one already running elsewhere.
public enum TUITarget: Sendable, Equatable {
    /// Start a reference server in this mode on 127.0.0.1 with a free port.
    case embedded(ServerMode)
    /// Start a reference server with this configuration (room mode: `tui --listen 0.0.0.0:65432`).
    case served(ServerConfiguration)
    /// Attach to `host:port` (ours, or the tutorial's Python server).
    case external(host: String, port: Int)
    /// Run a tap to a server elsewhere; the composer's requests go through the tap too.
    case tap(TapConfiguration)
}
