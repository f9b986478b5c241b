import CReactorShims
import DequeModule
import Glibc
import Synchronization

/// The part of an event loop that other threads may touch: a task queue under a mutex and an
/// eventfd that wakes the loop's selector.
///
/// Why separate from `EventLoop`: the loop itself is single-threaded and not Sendable; this small
/// Sendable object is all an `EventLoopHandle` holds. It owns the eventfd, so a handle that outlives
/// its loop writes to a descriptor that is still its own, never to a reused number.
final class LoopMailbox: Sendable {
    typealias Task = @Sendable () -> Void

    private struct State {
        var tasks: Deque<Task> = []
        /// A wake-up is written and not yet consumed: later submitters need not write another.
        var wakePending = false
    }

    let wakeFD: Int32
    private let state = Mutex(State())
    let stopRequested = Atomic<Bool>(false)
    /// Single-step: held here so a handle can open it from another thread.
    let stepGate: StepGate
    /// The loop's thread (`pthread_self()`): the creator's until `run()` adopts the running one.
    private let ownerThread = Atomic<UInt>(UInt(pthread_self()))

    init() throws(SocketError) {
        wakeFD = try checkedSyscall("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
        stepGate = try StepGate()
    }

    deinit {
        _ = Glibc.close(wakeFD)
    }

    /// Makes the calling thread the loop's thread.
    func adoptCurrentThread() {
        ownerThread.store(UInt(pthread_self()), ordering: .releasing)
    }

    /// True on the loop's thread.
    var isOwnerThread: Bool {
        pthread_equal(pthread_t(ownerThread.load(ordering: .acquiring)), pthread_self()) != 0
    }

    func submit(_ task: @escaping Task) {
        let mustWake = state.withLock { state in
            state.tasks.append(task)
            defer { state.wakePending = true }
            return !state.wakePending
        }
        if mustWake {
            wake()
        }
    }

    func requestStop() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        wake()
        stepGate.release()
    }

    /// Adds 1 to the eventfd counter. EAGAIN (counter at its maximum) means the loop is woken anyway.
    func wake() {
        var one: UInt64 = 1
        _ = try? syscall("write(eventfd)", wouldBlock: .again) { Glibc.write(wakeFD, &one, 8) }
    }

    /// Resets the eventfd and moves every queued task into `tasks` (on the loop thread).
    func collect(into tasks: inout Deque<Task>) {
        var counter: UInt64 = 0
        _ = try? syscall("read(eventfd)", wouldBlock: .again) { Glibc.read(wakeFD, &counter, 8) }
        state.withLock { state in
            swap(&tasks, &state.tasks)
            state.wakePending = false
        }
    }
}
