import Dispatch
import Foundation

/// Runs a throwing body (typically a `ClientBatch`) on a thread of its own; `wait` returns its
/// value, rethrows its error, or throws if it did not finish in time.
///
/// Why: a test drives misbehaving raw clients on its own thread while good clients run
/// alongside; the bounded wait turns a hung batch into a failure instead of a hung test.
public final class BackgroundRun<Value: Sendable>: Sendable {
    private let outcome = Locked<Result<Value, HarnessError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    public init(_ body: @escaping @Sendable () throws -> Value) {
        let outcome = self.outcome
        let done = self.done
        let thread = Thread {
            do {
                let value = try body()
                outcome.withLock { $0 = .success(value) }
            } catch {
                outcome.withLock { $0 = .failure(HarnessError("\(error)")) }
            }
            done.signal()
        }
        thread.start()
    }

    /// The body's value, waiting at most `seconds`.
    public func wait(timeout seconds: Double) throws -> Value {
        guard done.wait(timeout: .now() + seconds) == .success else { throw HarnessError("clients did not finish in \(seconds) s") }
        done.signal()  // keep it signalled for later callers
        switch outcome.withLock({ $0 }) {
        case let .success(value)?: return value
        case let .failure(error)?: throw error
        case nil: throw HarnessError("no results")
        }
    }
}
