/// Which of the tutorial's three servers to be.
public enum ServerMode: String, Sendable, CaseIterable {
    /// `app-server.py`: one framed request per connection, one reply, then close.
    case app
    /// `echo-server.py`: accept one client, echo until it closes, then exit.
    case echo
    /// `multiconn-server.py`: echo to any number of clients until interrupted.
    case multiconn
}
