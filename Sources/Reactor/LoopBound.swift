/// Carries a loop-owned value through `Sendable` code (a mutex, a `@Sendable` task) and back to
/// that loop, checking at run time that it is only ever touched on the loop's thread.
///
/// Why: loop-owned types are deliberately not `Sendable`; a task posted with
/// `EventLoopHandle.execute` runs on the loop's thread, the only place the wrapped value may be
/// used. The `@unchecked Sendable` is sound only because every access checks that (as swift-nio's
/// `NIOLoopBound` does); a misuse traps at once instead of racing.
public struct LoopBound<Value>: @unchecked Sendable {
    /// The loop the value belongs to.
    public let handle: EventLoopHandle
    private var storage: Value

    /// Binds `value` to `loop`; must be called on the loop's thread, or a value from another
    /// thread could be smuggled onto the loop.
    public init(_ value: Value, loop: EventLoop) {
        precondition(loop.inEventLoop, "LoopBound created off its event loop's thread")
        handle = loop.handle
        storage = value
    }

    /// The value; reading or changing it off the loop's thread traps.
    public var value: Value {
        get {
            precondition(handle.inEventLoop, "LoopBound value read off its event loop's thread")
            return storage
        }
        set {
            precondition(handle.inEventLoop, "LoopBound value changed off its event loop's thread")
            storage = newValue
        }
    }
}
