/// Carries a non-Sendable value into a thread that becomes its only user.
///
/// Why: `Thread`'s closure is `@Sendable`; a raw socket object handed to it and never touched
/// again by the caller is safe, but the compiler cannot know that.
public struct UncheckedBox<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}
