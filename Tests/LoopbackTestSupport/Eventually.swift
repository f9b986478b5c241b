import Glibc

/// Polls `condition` every 5 ms until it holds or `timeout` seconds pass; true if it held.
///
/// Why: the server runs on another thread (or in another process), so what it does after a
/// client acts (closing a connection, logging a line, releasing a descriptor) is observed by
/// polling with a deadline, never by sleeping a fixed time. The last check runs after the
/// deadline, so a condition that became true just then still counts.
public func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}
