extension Duration {
    /// Whole milliseconds to wait for this long, for calls that count in milliseconds (`poll`,
    /// curses' key timeout): one more than the truncated count, so a wait never ends just before
    /// the moment it waits for and a caller is not woken early to wait again. 0 when not positive;
    /// saturates instead of trapping.
    public var waitMilliseconds: Int {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow, whole < Int64.max - 1000 else { return Int.max }
        return Int(whole + attoseconds / 1_000_000_000_000_000 + 1)
    }
}
