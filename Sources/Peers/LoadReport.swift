import FrameCore
import Histogram

/// What a load run measured, as a table for people and JSON for scripts.
public struct LoadReport: Sendable {
    public var target: String
    public var request: String
    public var requestBytes: Int
    public var connections: Int
    public var threads: Int
    /// Length of the measured window.
    public var seconds: Double
    /// Measured requests answered correctly.
    public var completed: Int
    public var errors: [LoadErrorKind: Int]
    /// Latency of correct replies in microseconds, connect to last reply byte.
    public var latency: Histogram<UInt64>
    /// What `--connections` asked for; more than `connections` when the open-file limit capped it.
    public var requestedConnections: Int?
    /// Slots that started at least one request. Fewer than `connections` when the run ended
    /// before the ramp had opened them all (the load never reached the asked concurrency).
    public var openedConnections: Int?
    /// The soft open-file limit, when it is why `connections` is below `requestedConnections`.
    public var openFileLimit: Int?

    public var totalErrors: Int { errors.values.reduce(0, +) }
    public var requestsPerSecond: Double { seconds > 0 ? Double(completed) / seconds : 0 }
    /// Request bytes moved per second (MB = 10^6 bytes): the figure for big requests.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(completed * requestBytes) / seconds / 1e6 : 0 }

    /// Latency percentile in milliseconds (0 when nothing was measured).
    public func latencyMilliseconds(_ percentile: Double) -> Double {
        latency.totalCount == 0 ? 0 : Double(latency.valueAtPercentile(percentile)) / 1000
    }

    public var maxLatencyMilliseconds: Double {
        latency.totalCount == 0 ? 0 : Double(latency.max) / 1000
    }

    /// The human table.
    public var table: String {
        var lines: [String] = []
        lines.append("target      \(target)   \(request) (\(Self.bytesText(requestBytes)) per request)")
        lines.append("load        \(connections) connections on \(threads) thread\(threads == 1 ? "" : "s"), \(Self.fixed(seconds, 2)) s measured")
        if let requestedConnections, requestedConnections > connections {
            let limit = openFileLimit.map { " (\($0))" } ?? ""
            lines.append("capped      \(requestedConnections) connections asked; the open-file limit\(limit) leaves room for \(connections)")
        }
        if let openedConnections, openedConnections < connections {
            lines.append("ramp        only \(openedConnections) of \(connections) connections were opened before the run ended")
        }
        lines.append("")
        lines.append(Self.row(["req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "MB/s", "ok", "errors"]))
        lines.append(Self.row([Self.fixed(requestsPerSecond, 0), Self.fixed(latencyMilliseconds(50), 3),
                               Self.fixed(latencyMilliseconds(90), 3), Self.fixed(latencyMilliseconds(99), 3),
                               Self.fixed(maxLatencyMilliseconds, 3), Self.fixed(megabytesPerSecond, 1),
                               String(completed), String(totalErrors)]))
        if totalErrors > 0 {
            lines.append("")
            lines.append("errors      " + LoadErrorKind.allCases.compactMap { kind in
                let count = errors[kind] ?? 0
                return count > 0 ? "\(kind.rawValue) \(count)" : nil
            }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// One JSON object, keys in a fixed order, written by FrameCore's JSON writer.
    public var json: String {
        let latency: [(key: String, value: JSONValue)] = [
            ("p50", .number(Self.fixed(latencyMilliseconds(50), 3))), ("p90", .number(Self.fixed(latencyMilliseconds(90), 3))),
            ("p99", .number(Self.fixed(latencyMilliseconds(99), 3))), ("max", .number(Self.fixed(maxLatencyMilliseconds, 3))),
        ]
        return JSONValue.object(pairs: [
            ("target", .string(target)),
            ("request", .string(request)),
            ("request_bytes", .integer(requestBytes)),
            ("connections", .integer(connections)),
            ("connections_requested", requestedConnections.map { .integer($0) } ?? .null),
            ("connections_opened", openedConnections.map { .integer($0) } ?? .null),
            ("open_file_limit", openFileLimit.map { .integer($0) } ?? .null),
            ("threads", .integer(threads)),
            ("seconds", .number(Self.fixed(seconds, 3))),
            ("completed", .integer(completed)),
            ("requests_per_second", .number(Self.fixed(requestsPerSecond, 1))),
            ("megabytes_per_second", .number(Self.fixed(megabytesPerSecond, 1))),
            ("latency_ms", .object(pairs: latency)),
            ("errors", .object(pairs: LoadErrorKind.allCases.map { (key: $0.rawValue, value: .integer(errors[$0] ?? 0)) })),
            ("total_errors", .integer(totalErrors)),
        ]).jsonText
    }

    /// "100 B", "16 KiB", "64 MiB", "1.5 MiB".
    public static func bytesText(_ count: Int) -> String {
        let units: [(Int, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, name) in units where count >= size {
            let value = Double(count) / Double(size)
            return (value == value.rounded() ? String(Int(value)) : fixed(value, 1)) + " " + name
        }
        return "\(count) B"
    }

    /// `value` with `digits` decimals, without Foundation's formatter; "0" for NaN and infinity,
    /// so the JSON report stays valid.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        // Past 2^53 a Double has no fraction to show, and Int(_:) would trap past 2^63.
        guard scaled < 9e15 else { return String(value) }
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let text = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - text.count) + text
    }

    private static func row(_ cells: [String]) -> String {
        cells.map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined(separator: " ")
    }
}
