import Logging
import LoopbackTestSupport
import Testing
@testable import Peers

/// `client --mode multiconn N`: the timeout bounds the whole run, connects included.
@Suite("multiconn ramp", .timeLimit(.minutes(1)))
struct MulticonnRampTests {
    /// Before, all N connects ran before the loop did and the timeout was only armed after them:
    /// `multiconn … 100000 --timeout 10` took 45 s, and every connection past the listen backlog
    /// timed out unserved. Now the connections go through the loop's ramp and none starts after
    /// the timeout; 3,000 connects cannot fit in 1 ms, so some are never started.
    @Test("connections not started by the timeout are never started, and are reported as timed out")
    func rampStopsAtTheTimeout() throws {
        let server = try ServerHarness { $0.mode = .multiconn }
        defer { server.stop() }
        let logs = LineStore()
        let sink = SessionSink(logger: Logger(label: "multiconn-ramp") { _ in CapturingLogHandler(store: logs) })
        let results = MulticonnClient.run(host: "127.0.0.1", port: server.port, connections: 3_000, timeout: .milliseconds(1), sink: sink)
        #expect(results.count == 3_000)
        let started = logs.all().filter { $0.contains("starting connection") }.count
        #expect(started < 3_000, "all 3,000 connections were started although the timeout was 1 ms")
        for result in results.suffix(3_000 - started) {
            guard case .failure(.timedOut) = result else {
                Issue.record("a connection never started ended as \(result)")
                break
            }
        }
    }

    @Test("with time enough, every connection is started and echoed")
    func everyConnectionWithTimeEnough() throws {
        let server = try ServerHarness { $0.mode = .multiconn }
        defer { server.stop() }
        let results = MulticonnClient.run(host: "127.0.0.1", port: server.port, connections: 50, timeout: .seconds(10), sink: .silent())
        #expect(results.count == 50)
        #expect(results.allSatisfy { if case .success = $0 { true } else { false } })
    }
}
