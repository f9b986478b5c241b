extension Duration {
    /// The duration in seconds, fractions included, for messages such as "no reply within 0.5 s".
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Whole microseconds, 0 for a negative duration and saturating at `UInt64.max`: a latency for
    /// the histogram, which must never trap on an odd clock reading.
    var wholeMicroseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000)
        return overflow ? .max : whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000_000)).partialValue
    }
}
