import FrameCore
import Histogram
import Testing
@testable import Peers

/// `socketlab bench --json`: one object that FrameCore's parser reads back, keys in order, text
/// escaped, numbers valid JSON whatever was measured.
@Suite struct LoadReportTests {
    static func report(target: String = "127.0.0.1:65432", seconds: Double = 2, completed: Int = 1000) -> LoadReport {
        var latency = LoadWorker.makeHistogram()
        for micros in [100, 200, 300, 5_000] { _ = latency.record(UInt64(micros)) }
        return LoadReport(target: target, request: "search morpheus", requestBytes: 117, connections: 128, threads: 2,
                          seconds: seconds, completed: completed, errors: [.reset: 2, .timeout: 1], latency: latency)
    }

    @Test func jsonParsesBackWithEveryKeyInOrder() throws {
        let text = Self.report().json
        let value = try JSONParser.parse(Array(text.utf8))
        guard case let .object(members) = value else {
            Issue.record("not an object: \(text)")
            return
        }
        #expect(members.map(\.key) == ["target", "request", "request_bytes", "connections", "connections_requested",
                                       "connections_opened", "open_file_limit", "threads", "seconds", "completed",
                                       "requests_per_second", "megabytes_per_second", "latency_ms", "errors", "total_errors"])
        #expect(value["requests_per_second"] == .number("500.0"))
        #expect(value["seconds"] == .number("2.000"))
        #expect(value["latency_ms"]?["p50"] == .number("0.200"))
        #expect(value["errors"]?["reset"] == .number("2"))
        #expect(value["errors"]?["connect"] == .number("0"))
        #expect(value["total_errors"] == .number("3"))
        #expect(text.hasPrefix("{\"target\": \"127.0.0.1:65432\", \"request\": \"search morpheus\", \"request_bytes\": 117,"))
    }

    @Test func textIsEscapedAndOddNumbersStayValid() throws {
        let hostile = "host\"\\\n\u{1B}]0;x\u{07}"
        for seconds in [0, -1, .nan, .infinity, 1e300] {
            let text = Self.report(target: hostile, seconds: seconds).json
            let value = try JSONParser.parse(Array(text.utf8))
            #expect(value["target"] == .string(hostile), "seconds \(seconds)")
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 }, "raw control characters in \(text)")
        }
    }

    @Test func decimalWritesNullForWhatJSONCannotSay() {
        #expect(JSONValue.decimal(.nan) == .null)
        #expect(JSONValue.decimal(-.infinity) == .null)
        #expect(JSONValue.decimal(0.25).jsonText == "0.25")
        #expect(JSONValue.array([.integer(UInt64.max), .decimal(1e-5)]).jsonText == "[18446744073709551615, 1e-05]")
    }
}
