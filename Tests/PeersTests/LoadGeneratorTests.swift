import LoopbackTestSupport
import Reactor
import Testing
@testable import Peers

/// The load generator's ramp and its open-file cap, against a server of ours on 127.0.0.1 port 0.
/// Every run is bounded by a `--requests` budget and a short duration.
@Suite("Load generator ramp", .serialized, .timeLimit(.minutes(1)))
struct LoadGeneratorTests {
    static func configuration(port: Int, connections: Int, duration: Duration, requests: Int) -> LoadConfiguration {
        LoadConfiguration(host: "127.0.0.1", port: port, connections: connections, threads: 1, warmup: .zero,
                          duration: duration, maxRequests: requests, timeout: .seconds(2))
    }

    /// The run's deadline holds during the ramp: slots the ramp has not reached when it passes are
    /// never opened. Before, every slot connected before the loop ran at all, so with thousands of
    /// slots (or scarce ports, where each connect is slow) `--duration` was ignored for seconds.
    /// 2,000 connects cannot fit in 1 ms, whatever the machine.
    @Test("the ramp stops at the deadline instead of opening every slot first")
    func rampStopsAtTheDeadline() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let started = ContinuousClock.now
        let report = try LoadGenerator.run(Self.configuration(port: server.port, connections: 2_000, duration: .milliseconds(1),
                                                              requests: 100_000))
        let opened = try #require(report.openedConnections)
        #expect(opened < 2_000, "every slot was opened although the run lasted 1 ms")
        #expect(report.connections == 2_000 && report.requestedConnections == 2_000)
        #expect(report.table.contains("ramp        only \(opened) of 2000 connections were opened before the run ended"))
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test("a run with room for its slots opens all of them and measures correct replies")
    func normalRunOpensEverySlot() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let report = try LoadGenerator.run(Self.configuration(port: server.port, connections: 8, duration: .seconds(10), requests: 200))
        #expect(report.openedConnections == 8)
        #expect(report.completed == 200)
        #expect(report.totalErrors == 0)
        #expect(report.openFileLimit == nil)
        #expect(!report.table.contains("capped") && !report.table.contains("ramp "))
    }

    @Test("slots are capped by the descriptors left, never below zero, untouched when unknown")
    func descriptorCap() {
        let perLoop = LoadGenerator.descriptorsPerLoop, kept = LoadGenerator.descriptorsKept
        #expect(LoadGenerator.connections(100_000, threads: 2, spareDescriptors: 20_000) == 20_000 - 2 * perLoop - kept)
        #expect(LoadGenerator.connections(128, threads: 2, spareDescriptors: 20_000) == 128)
        #expect(LoadGenerator.connections(100, threads: 256, spareDescriptors: 10) == 0)
        #expect(LoadGenerator.connections(100, threads: 2, spareDescriptors: Int.max) == 100)
        #expect(LoadGenerator.connections(100, threads: 2, spareDescriptors: nil) == 100)
    }
}
