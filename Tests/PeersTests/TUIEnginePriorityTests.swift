import Foundation
import LoopbackTestSupport
import Peers
import Testing

/// Keys before bytes at the CPU too: the engine's loop thread runs at a lower priority than the
/// thread that started it (the UI thread), so a flood of replies on a busy machine does not
/// delay the user's keys (`Benchmarks/tui_load.py` measures the latency).
@Suite("TUI engine priority", .timeLimit(.minutes(1)))
struct TUIEnginePriorityTests {
    /// The nice value (field 19 of `stat`, after the parenthesised name) of a thread.
    static func nice(_ statPath: String) -> Int? {
        guard let stat = ProcFS.readWhole(statPath), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 16 ? Int(fields[16]) : nil
    }

    static func threadIDs() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task"))
    }

    @Test func theLoopThreadRunsTenNiceStepsBelowItsStarter() throws {
        let own = try #require(Self.nice("/proc/thread-self/stat"))
        let before = try Self.threadIDs()
        let engine = TUIEngine(target: .embedded(.app))
        _ = try engine.start()
        defer { engine.stop() }
        let started = try Self.threadIDs().subtracting(before).compactMap { Self.nice("/proc/self/task/\($0)/stat") }
        #expect(started.contains(min(own + 10, 19)), "threads started: \(started), starter's nice \(own)")
        #expect(Self.nice("/proc/thread-self/stat") == own, "only the loop thread is lowered, not the process")
    }
}
