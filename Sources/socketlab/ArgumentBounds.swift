import ArgumentParser

/// The range one kind of command-line value must fall in (a port, a connection count, a number of
/// seconds), named once so every flag of that kind checks and documents the same bounds.
///
/// A value outside is argument-parser's usage error (exit status 64) naming the range, never a
/// trap further on: `--timeout inf`, `--timeout 1e300` or `--connections 9223372036854775807`
/// used to reach `Int64(seconds * 1000)` or an allocation sized by the count.
protocol ArgumentBounds: Sendable {
    associatedtype Value: Comparable & LosslessStringConvertible & Sendable
    static var range: ClosedRange<Value> { get }
    /// What the value counts, for messages and help: "seconds", "bytes", "connections".
    static var unit: String { get }
    /// How a value is written in help and messages (`86400`, not `86400.0`).
    static func text(_ value: Value) -> String
}

extension ArgumentBounds {
    static func text(_ value: Value) -> String { value.description }

    /// "1…65535", as shown in help texts.
    static var rangeText: String { text(range.lowerBound) + "…" + text(range.upperBound) }
}

extension ArgumentBounds where Value == Double {
    /// Whole numbers without a fraction, the rest as Swift prints them.
    static func text(_ value: Value) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : value.description
    }
}
