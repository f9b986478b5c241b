import Glibc
import Testing
@testable import Reactor

/// `EventLoop.ramp`, which the load generator and the multiconn client open their connections
/// through: the loop gets a turn between slices, and the ramp ends when `start` says so.
@Suite(.timeLimit(.minutes(1))) struct EventLoopRampTests {
    /// 1,000 starts of 100 µs each take about 100 ms; a timer due at once must run after the
    /// first 1 ms slice, not after all of them (as when every connection was opened before the
    /// loop first ran, and `--duration`/`--timeout` waited for the last connect).
    @Test func theLoopRunsBetweenSlices() throws {
        let loop = try EventLoop()
        var started = 0
        var startedWhenTheTimerRan: Int?
        loop.schedule(after: .zero) { startedWhenTheTimerRan = started }
        loop.ramp(1_000, slice: .milliseconds(1)) { _ in
            usleep(100)
            started += 1
            if started == 1_000 { loop.stop() }
            return true
        }
        #expect(started < 1_000, "the whole ramp ran before the loop")
        try loop.run()
        #expect(started == 1_000)
        let atTimer = try #require(startedWhenTheTimerRan)
        #expect(atTimer < 1_000, "the timer waited for the whole ramp")
    }

    @Test func theRampEndsWhenStartSaysSo() throws {
        let loop = try EventLoop()
        var indices: [Int] = []
        loop.ramp(100, slice: .seconds(10)) { index in
            indices.append(index)
            return index < 9
        }
        #expect(indices == Array(0...9))
        loop.schedule(after: .milliseconds(20)) { loop.stop() }
        try loop.run()
        #expect(indices == Array(0...9), "the ramp went on after start returned false")
    }
}
