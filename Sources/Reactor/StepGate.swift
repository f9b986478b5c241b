import CReactorShims
import Glibc
import Synchronization

/// Single-step for the event loop: while stepping, the loop stops before dispatching each
/// wake-up's ready events until another thread lets exactly one wake-up through.
///
/// Why an eventfd in semaphore mode: the loop's thread blocks in `poll` on it while the UI thread
/// (which never blocks) adds one permit per key press; each permit is one wake-up, and turning
/// stepping off or stopping the loop adds a permit so the wait always ends.
final class StepGate: Sendable {
    private let fd: Int32
    private let stepping = Atomic<Bool>(false)

    init() throws(SocketError) {
        fd = try checkedSyscall("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC) | Int32(EFD_SEMAPHORE)) }
    }

    deinit { _ = Glibc.close(fd) }

    var isStepping: Bool { stepping.load(ordering: .acquiring) }

    /// Turns stepping on (stale permits are dropped, so the next wake-up waits) or off (a waiting
    /// loop goes on at once).
    func setStepping(_ on: Bool) {
        if on {
            while take() {}
            stepping.store(true, ordering: .releasing)
        } else {
            stepping.store(false, ordering: .releasing)
            release()
        }
    }

    /// Lets one wake-up through.
    func release() {
        var one: UInt64 = 1
        _ = try? syscall("write(eventfd)", wouldBlock: .again) { Glibc.write(fd, &one, 8) }
    }

    /// On the loop's thread: returns once a permit arrives, stepping is turned off, or `stop` is true.
    func wait(stop: () -> Bool) {
        while isStepping && !stop() {
            if take() { return }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&pfd, 1, -1)
        }
    }

    /// Takes one permit if there is one.
    private func take() -> Bool {
        var value: UInt64 = 0
        return Glibc.read(fd, &value, 8) == 8
    }
}
