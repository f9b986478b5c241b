/// Carries a loop-owned object into a `@Sendable` task for that same loop.
///
/// Loop-owned types are deliberately not `Sendable`; a task posted with
/// `EventLoopHandle.execute` runs on the loop's thread, the only place the wrapped value is
/// touched, which is what makes this `@unchecked` sound.
struct LoopBound<Value>: @unchecked Sendable {
    let value: Value
}
