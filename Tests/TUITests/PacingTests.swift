import Testing
import TUI

/// The UI thread's order of work under a flood (what `TUIRunner` follows): keys are never
/// waited behind events, and events are applied in bounded slices. The latency itself is
/// measured by `Benchmarks/tui_load.py`.
@Suite struct PacingTests {
    @Test func aBacklogIsAppliedInSlicesOldestFirstAndAlwaysProgresses() {
        var backlog = EventBacklog<Int>()
        backlog.append(contentsOf: 0..<1000)
        var applied: [Int] = []
        // A slice whose time is already up applies one event, then hands back to the keyboard.
        #expect(backlog.apply(until: .now - .seconds(1)) { applied.append($0) } == 1)
        #expect(applied == [0] && backlog.count == 999)
        #expect(backlog.apply(until: .now - .seconds(1)) { applied.append($0) } == 1)
        #expect(backlog.apply(until: .now + .seconds(60)) { applied.append($0) } == 998)
        #expect(applied == Array(0..<1000) && backlog.isEmpty)
        #expect(backlog.apply(until: .now + .seconds(60)) { applied.append($0) } == 0)
    }

    @Test func aSliceStopsAtItsDeadline() {
        var backlog = EventBacklog<Int>()
        backlog.append(contentsOf: 0..<1000)
        let deadline = ContinuousClock.now + .milliseconds(20)
        // Each event takes 1 ms: the slice ends after about 20, far from the 1000 waiting.
        let applied = backlog.apply(until: deadline) { _ in
            let end = ContinuousClock.now + .milliseconds(1)
            while ContinuousClock.now < end {}
        }
        #expect(applied >= 1 && applied <= 25, "applied \(applied)")
        #expect(backlog.count == 1000 - applied)
    }

    @Test func keysAreNotWaitedForWhileEventsWaitButAreReadBeforeThem() {
        let pacer = TUIPacer()
        let now = ContinuousClock.now
        #expect(pacer.keyWaitMilliseconds(backlog: true, dirty: false, now: now) == 0, "poll, then the next slice")
        #expect(pacer.keyWaitMilliseconds(backlog: true, dirty: true, now: now) == 0)
        #expect(pacer.keyWaitMilliseconds(backlog: false, dirty: false, now: now) == TUIPacer.idleWaitMilliseconds)
        #expect(pacer.keyWaitMilliseconds(backlog: false, dirty: true, now: now) == 0, "never painted: paint now")
    }

    @Test func aKeyIsPaintedAtOnceEventsAtMostOncePerFrame() {
        var pacer = TUIPacer()
        let start = ContinuousClock.now
        #expect(pacer.shouldPaint(dirty: true, afterKeys: false, now: start), "the first frame")
        #expect(!pacer.shouldPaint(dirty: false, afterKeys: true, now: start), "nothing changed")
        pacer.painted(at: start)
        let soon = start + .milliseconds(5)
        #expect(pacer.shouldPaint(dirty: true, afterKeys: true, now: soon), "a key: painted at once, mid-frame")
        #expect(!pacer.shouldPaint(dirty: true, afterKeys: false, now: soon), "events alone wait for the frame")
        let wait = pacer.keyWaitMilliseconds(backlog: false, dirty: true, now: soon)
        #expect(wait > 0 && wait <= 29, "waits for keys until the frame is due, not longer: \(wait)")
        let due = start + TUIPacer.frameInterval
        #expect(pacer.shouldPaint(dirty: true, afterKeys: false, now: due))
        #expect(pacer.keyWaitMilliseconds(backlog: false, dirty: true, now: due) == 0)
    }

    /// The one rounding the pacer and the terminal probe use to wait in whole milliseconds.
    @Test func waitsAreRoundedUpToWholeMillisecondsAndNeverTrap() {
        #expect(Duration.microseconds(4_200).waitMilliseconds == 5)
        #expect(Duration.milliseconds(3).waitMilliseconds == 4)
        #expect(Duration.seconds(2).waitMilliseconds == 2_001)
        #expect(Duration.zero.waitMilliseconds == 0)
        #expect(Duration.milliseconds(-7).waitMilliseconds == 0)
        #expect(Duration.seconds(Int64.max).waitMilliseconds == Int.max)
    }
}
