extension Duration {
    /// The duration in seconds, fractions included, for messages such as "no reply within 0.5 s".
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
