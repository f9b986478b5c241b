/// Opening many connections without starving the loop.
extension EventLoop {
    /// Calls `start(0)`, `start(1)`, … up to `start(count - 1)`, for `slice` at a time, and lets the
    /// loop run (ready sockets, timers, a deadline) between slices; returns after the first slice.
    /// `start` returning false ends the ramp (a deadline passed, a budget is spent).
    ///
    /// Why: a client that connects thousands of times in one go, before its loop runs, ignores its
    /// own timeouts for as long as that takes (seconds, with scarce ports or descriptors, when
    /// each connect searches a free port or fails one by one), and the connections opened first
    /// wait unserved for the last one. Run on the loop's thread (or before `run()`).
    public func ramp(_ count: Int, slice: Duration = .milliseconds(1), _ start: @escaping (Int) -> Bool) {
        var next = 0
        func step() {
            let sliceEnd = MonotonicInstant.now() + slice
            while next < count {
                guard MonotonicInstant.now() < sliceEnd else {
                    schedule(after: .zero) { step() }
                    return
                }
                let index = next
                next += 1
                guard start(index) else { return }
            }
        }
        step()
    }
}
