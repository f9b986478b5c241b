/// Why a harness step failed (socket calls, a server that did not start, clients that hung).
///
/// Why a type of its own: harness failures are thrown from setup code and must read as a plain
/// sentence in the test report, not as an errno buried in a system error.
public struct HarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
