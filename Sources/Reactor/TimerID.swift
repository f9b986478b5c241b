/// Names a timer scheduled on an `EventLoop`, so it can be cancelled.
///
/// Why a slot plus a generation: cancelling a timer that already fired (its slot reused by a newer
/// timer) must do nothing, and the slot makes cancel O(log n) without a dictionary.
public struct TimerID: Hashable, Sendable {
    let slot: Int32
    let generation: UInt32
}
