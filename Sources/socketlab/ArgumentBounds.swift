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
    /// A value below `range` that the flag also takes, and what it means (0 = never). Why apart
    /// from the range: between the two lie values that mean nothing (an idle timeout of 1e-300 s
    /// is neither "never" nor a time anyone can wait), and those must be refused.
    static var off: (value: Value, meaning: String)? { get }
}

extension ArgumentBounds {
    static func text(_ value: Value) -> String { value.description }

    static var off: (value: Value, meaning: String)? { nil }

    /// In `range`, or exactly the `off` value.
    static func accepts(_ value: Value) -> Bool {
        range.contains(value) || off.map { $0.value == value } == true
    }

    /// "1…65535", or "0 or 0.001…86400" with an off value, as shown in help texts.
    static var rangeText: String {
        (off.map { text($0.value) + " or " } ?? "") + text(range.lowerBound) + "…" + text(range.upperBound)
    }

    /// What a refused value should have been, after "expected ": "a port from 1 to 65535",
    /// "0 (never) or a number of seconds from 0.001 to 86400".
    static var expected: String {
        (off.map { "\(text($0.value)) (\($0.meaning)) or " } ?? "") + "\(unit) from \(text(range.lowerBound)) to \(text(range.upperBound))"
    }
}

/// A number of seconds. Every such kind starts at `shortest`, one millisecond, stated once here
/// so no duration flag can take less: the loop's timers wait in `epoll_wait`, which counts whole
/// milliseconds, and a tiny or denormal value (`1e-300`, `5e-324`) would otherwise become a
/// zero `Duration` (an idle timeout that cuts every connection at once, a warm-up that is none).
protocol DurationBounds: ArgumentBounds where Value == Double {
    static var longest: Double { get }
}

extension DurationBounds {
    static var shortest: Double { 0.001 }
    static var range: ClosedRange<Double> { shortest...longest }
}

extension ArgumentBounds where Value == Double {
    /// Whole numbers without a fraction, the rest as Swift prints them.
    static func text(_ value: Value) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : value.description
    }
}
