import FrameCore

extension SessionEvent.Side {
    /// The connections pane's three-letter column: cli, srv, lsn.
    var abbreviation: String {
        switch self {
        case .client: return "cli"
        case .server: return "srv"
        case .listener: return "lsn"
        }
    }

    /// "client", "server" or "listener", for pane titles.
    var word: String { rawValue }
}
