import Synchronization

/// A mutex in a class, so closures and threads can share one value by reference.
///
/// Why: `Mutex` is non-copyable and cannot be captured by the `@Sendable` closures that the
/// harness hands to its server thread and to the event loop; a reference to it can.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: sending Value) { mutex = Mutex(value) }

    public func withLock<R>(_ body: (inout sending Value) -> sending R) -> sending R { mutex.withLock(body) }
}
