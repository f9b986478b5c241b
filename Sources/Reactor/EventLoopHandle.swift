/// What other threads may hold of an `EventLoop`: submit work to it, or stop it.
///
/// Why only this: the loop and its connections are single-threaded by design (no locks on the hot
/// path); everything from outside goes through the mailbox and runs on the loop's thread.
public struct EventLoopHandle: Sendable {
    let mailbox: LoopMailbox

    /// Runs `task` on the loop's thread, soon, in submission order.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        mailbox.submit(task)
    }

    /// True on the loop's thread (see `EventLoop.inEventLoop`).
    public var inEventLoop: Bool { mailbox.isOwnerThread }

    /// Single-step on: the loop stops before dispatching each wake-up that has a socket ready
    /// until `step()`; off: it runs freely again. The loop's own wake-ups (tasks posted here) pass.
    public func setStepping(_ on: Bool) {
        mailbox.stepGate.setStepping(on)
    }

    /// While stepping, lets exactly one waiting (or the next) wake-up be dispatched.
    public func step() {
        mailbox.stepGate.release()
    }

    /// Makes `run()` return after the current iteration.
    public func stop() {
        mailbox.requestStop()
    }
}
