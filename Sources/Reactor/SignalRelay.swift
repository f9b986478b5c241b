import Glibc
import Synchronization

/// Bit `n - 1` set = signal `n` arrived and the loop has not yet handled it.
private let pendingSignals = Atomic<UInt64>(0)
/// The eventfd of the loop that receives signals, or -1.
private let signalWakeFD = Atomic<Int32>(-1)

/// The async-signal-safe handler: records the signal, wakes the loop, keeps errno.
private let relaySignal: @convention(c) (Int32) -> Void = { signal in
    let savedErrno = errno
    pendingSignals.bitwiseOr(UInt64(1) << UInt64(signal - 1), ordering: .sequentiallyConsistent)
    let fd = signalWakeFD.load(ordering: .sequentiallyConsistent)
    if fd >= 0 {
        var one: UInt64 = 1
        _ = write(fd, &one, 8)
    }
    errno = savedErrno
}

/// Carries SIGINT/SIGTERM (or any signal) from the signal handler to the loop thread.
///
/// Why: almost nothing may run inside a signal handler, and Swift code touching the loop's state
/// there would race with the loop. The handler only does lock-free atomic operations and a
/// write(2) to the loop's eventfd (both async-signal-safe); the loop then calls the Swift body.
/// Signals are process-wide, so the loop that most recently called `onSignals` receives them.
enum SignalRelay {
    /// Routes `signal` to the loop woken through `wakeFD`; returns the action it replaced.
    static func install(_ signal: Int32, wakeFD: Int32) -> sigaction {
        // Both globals are initialised here, on the loop thread, never lazily inside the handler.
        signalWakeFD.store(wakeFD, ordering: .sequentiallyConsistent)
        _ = pendingSignals.load(ordering: .sequentiallyConsistent)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = relaySignal
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        var previous = sigaction()
        sigaction(signal, &action, &previous)
        // A blocked mask is inherited across exec (a test runner or supervisor may spawn us with
        // SIGTERM blocked): unblock it on this thread, or the handler would never run.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, signal)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        return previous
    }

    static func restore(_ signal: Int32, to previous: sigaction) {
        var previous = previous
        sigaction(signal, &previous, nil)
    }

    /// Stops waking the loop that owns `wakeFD` (it is going away).
    static func detach(wakeFD: Int32) {
        _ = signalWakeFD.compareExchange(expected: wakeFD, desired: -1, ordering: .sequentiallyConsistent)
    }

    /// The signals that arrived since the last call, as numbers, cleared.
    static func takePending(_ body: (Int32) -> Void) {
        var bits = pendingSignals.exchange(0, ordering: .sequentiallyConsistent)
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            bits &= bits - 1
            body(Int32(index + 1))
        }
    }
}
