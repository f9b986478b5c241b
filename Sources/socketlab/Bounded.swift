import ArgumentParser

/// A command-line value checked against `Bounds` when it is parsed: typed, so `run()` uses it
/// without re-checking, and out-of-range input never gets past the parser.
///
/// Declare an option with `transform: Bounded.parse` so the usage error says why a value is
/// refused (argument-parser shows the thrown error's description), and with `Bounds.help(…)` so
/// its help states the range:
///
///     @Option(help: Connections.help("Concurrent connections.", default: 128), transform: Connections.parse)
///     var connections = Connections(128)
struct Bounded<Bounds: ArgumentBounds>: ExpressibleByArgument, CustomStringConvertible, Sendable {
    let value: Bounds.Value

    /// A value the code itself supplies (a default); one outside the bounds is a programming error.
    init(_ value: Bounds.Value) {
        precondition(Bounds.accepts(value), "default \(value) outside \(Bounds.rangeText)")
        self.value = value
    }

    init?(argument: String) {
        guard let parsed = try? Self.parse(argument) else { return nil }
        self = parsed
    }

    /// Parses and checks `text`. Non-numbers, NaN, infinities and values outside the range (which
    /// includes anything that would overflow further on, and durations under a millisecond) are
    /// refused with the range in the message.
    @Sendable static func parse(_ text: String) throws -> Self {
        // Plain decimal notation only: Swift's Double(_:) also reads "0x1p4", "infinity" and
        // "nan", which nobody means as a count of seconds.
        guard text.utf8.allSatisfy(isDecimalNotation),
              let value = Bounds.Value(text), Bounds.accepts(value) else {
            throw OutOfBounds(expected: Bounds.expected)
        }
        return Self(value)
    }

    /// `text` followed by the range (and default), so every limit flag states its maximum.
    static func help(_ text: String, default value: Bounds.Value? = nil) -> ArgumentHelp {
        let suffix = value.map { "; default: \(Bounds.text($0))" } ?? ""
        return ArgumentHelp("\(text) (\(Bounds.rangeText)\(suffix))")
    }

    var description: String { Bounds.text(value) }

    /// Why a value was refused; argument-parser prints it after "The value 'X' is invalid for '--flag <…>': ".
    struct OutOfBounds: Error, CustomStringConvertible {
        var expected: String
        var description: String { "expected \(expected)" }
    }
}

extension Bounded where Bounds.Value == Double {
    /// The value as a `Duration`; exact to the nanosecond, and safe because the bounds are finite.
    var duration: Duration {
        let whole = value.rounded(.towardZero)
        return .seconds(Int64(whole)) + .nanoseconds(Int64(((value - whole) * 1e9).rounded()))
    }
}

/// Digits, signs, the decimal point and an exponent: what a person types for a number.
private func isDecimalNotation(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): true
    default: false
    }
}
