import Testing
@testable import Reactor

/// The loop's clock value: its arithmetic must never trap, whatever duration a flag carried in
/// (the load generator once trapped on an unsigned `warmupEnd - start`).
@Suite struct MonotonicInstantTests {
    @Test func differencesAreSignedAndExact() {
        let a = MonotonicInstant(nanoseconds: 5_000)
        let b = MonotonicInstant(nanoseconds: 7_500)
        #expect(b - a == .nanoseconds(2_500))
        #expect(a - b == .nanoseconds(-2_500), "an instant already past gives a negative duration, not a trap")
        #expect(a + .microseconds(2) + .nanoseconds(500) == b)
    }

    @Test func hugeDurationsSaturate() {
        let now = MonotonicInstant.now()
        #expect((now + .seconds(Int64.max)).nanoseconds == .max)
        #expect((MonotonicInstant(nanoseconds: -1) + .seconds(Int64.min)).nanoseconds == .min)
        #expect((now + .seconds(Int64.min)).nanoseconds == now.nanoseconds &+ .min, "no saturation needed: exact")
        #expect(Duration.seconds(Int64.max).saturatedNanoseconds == .max)
        let far = MonotonicInstant(nanoseconds: .max)
        let past = MonotonicInstant(nanoseconds: .min)
        #expect(far - past == .nanoseconds(Int64.max))
        #expect(past - far == .nanoseconds(Int64.min))
    }

    @Test func theClockDoesNotGoBackwards() {
        var previous = MonotonicInstant.now()
        for _ in 0..<1000 {
            let next = MonotonicInstant.now()
            #expect(next >= previous)
            previous = next
        }
    }
}
