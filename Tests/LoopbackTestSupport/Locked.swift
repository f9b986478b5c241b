import Foundation

/// A lock-protected value in a class, so closures and threads can share one value by reference.
///
/// Why `NSLock` and not `Synchronization.Mutex`: on Linux `Mutex` waits on a futex directly,
/// which ThreadSanitizer does not see as synchronization, so `Tools/sanitize.sh thread` reported
/// the harness's own log capture as a race; a pthread mutex is understood.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: sending Value) { self.value = value }

    public func withLock<R>(_ body: (inout sending Value) -> sending R) -> sending R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
