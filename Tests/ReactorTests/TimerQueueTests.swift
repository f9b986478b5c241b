import Testing
@testable import Reactor

@Suite struct TimerQueueTests {
    @Test func firesByDeadlineThenSchedulingOrder() {
        var queue = TimerQueue<String>()
        let start = MonotonicInstant.now()
        _ = queue.schedule(at: start + .milliseconds(30), "c")
        _ = queue.schedule(at: start + .milliseconds(10), "a1")
        _ = queue.schedule(at: start + .milliseconds(20), "b")
        _ = queue.schedule(at: start + .milliseconds(10), "a2")
        #expect(queue.popExpired(now: start) == nil)
        var fired: [String] = []
        while let action = queue.popExpired(now: start + .seconds(1)) {
            fired.append(action)
        }
        #expect(fired == ["a1", "a2", "b", "c"])
        #expect(queue.isEmpty)
    }

    @Test func cancelRemovesOnlyThatTimer() {
        var queue = TimerQueue<Int>()
        let start = MonotonicInstant.now()
        let ids = (0..<10).map { queue.schedule(at: start + .milliseconds(10 * $0), $0) }
        let first = queue.cancel(ids[3]) != nil
        let second = queue.cancel(ids[0]) != nil
        let again = queue.cancel(ids[3]) != nil
        #expect(first && second)
        #expect(!again, "a second cancel does nothing")
        #expect(queue.count == 8)
        var fired: [Int] = []
        while let action = queue.popExpired(now: start + .seconds(1)) {
            fired.append(action)
        }
        #expect(fired == [1, 2, 4, 5, 6, 7, 8, 9])
        let fired5 = queue.cancel(ids[5]) != nil
        #expect(!fired5, "cancelling a fired timer does nothing")
    }

    @Test func aReusedSlotIsNotCancelledByAnOldID() {
        var queue = TimerQueue<Int>()
        let start = MonotonicInstant.now()
        let old = queue.schedule(at: start, 1)
        #expect(queue.popExpired(now: start) == 1)
        let new = queue.schedule(at: start, 2)
        #expect(old.slot == new.slot)
        let cancelledOld = queue.cancel(old) != nil
        #expect(!cancelledOld)
        #expect(queue.popExpired(now: start) == 2)
    }
}
