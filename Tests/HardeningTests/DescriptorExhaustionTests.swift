import FrameCore
import Foundation
import Glibc
import LoopbackTestSupport
import TestBinaries
import Testing

/// `socketlab server` in a subprocess started through `bash -c` (for `ulimit`), its stdout and
/// stderr written to temporary files (no pipes: a pipe inherited by a grandchild can hang the
/// parent), polled for the lines we wait for. `stop()` sends SIGTERM, then SIGKILL.
final class ServerProcess {
    let process = Process()
    let directory: URL
    let out: URL
    let err: URL
    private(set) var port = 0

    init(binary: String, shellPrefix: String, arguments: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hardening-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        out = directory.appendingPathComponent("stdout")
        err = directory.appendingPathComponent("stderr")
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "\(shellPrefix); exec \"$0\" server \(arguments) >\"$1\" 2>\"$2\"", binary, out.path, err.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let listening = eventually(timeout: 20) { self.stdout.contains("listening on (") }
        guard listening, let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("listening on (") }),
              let portText = line.split(separator: " ").last?.dropLast(), let port = Int(portText) else {
            stop()
            throw HarnessError("the server did not report its port; stderr: \(stderr.suffix(500))")
        }
        self.port = port
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }
    /// Running and not a zombie (Foundation may reap the child a little later than it exits).
    var isRunning: Bool {
        guard process.isRunning, let stat = ProcFS.readWhole("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    /// Stops it with SIGTERM; true if it exited within 5 s (SIGKILL otherwise).
    @discardableResult
    func stop() -> Bool {
        var clean = true
        if isRunning {
            kill(process.processIdentifier, SIGTERM)
            if !eventually(timeout: 5, { !self.isRunning }) {
                clean = false
                kill(process.processIdentifier, SIGKILL)
                _ = eventually(timeout: 5) { !self.isRunning }
            }
        }
        try? FileManager.default.removeItem(at: directory)
        return clean
    }
}

@Suite("Descriptor exhaustion and connection caps, against the socketlab binary", .serialized, .timeLimit(.minutes(3)))
struct DescriptorExhaustionTests {
    /// Asks the server once; the reply bytes (empty if refused or closed without one).
    func ask(_ port: Int, _ n: Int) -> [UInt8] {
        guard let client = try? RawClient(port: port, timeout: 2) else { return [] }
        guard client.send(Wire.goodPair(n).request) else { return [] }
        return client.readToEnd(timeout: 2).bytes
    }

    @Test("with ulimit -n 64 the server survives more connections than descriptors, backs off without spinning, and recovers")
    func descriptorExhaustion() throws {
        let binary = SocketLabBinary.path
        try #require(SocketLabBinary.exists, "\(SocketLabBinary.missingReason)")
        let server = try ServerProcess(binary: binary, shellPrefix: "ulimit -n 64", arguments: "127.0.0.1 0")
        defer { server.stop() }
        let pid = server.pid
        #expect(ask(server.port, 0) == Wire.goodPair(0).reply)
        #expect(eventually { ProcFS.descriptorCount(pid: pid) > 0 })
        let startFDs = ProcFS.descriptorCount(pid: pid)
        let startRSS = ProcFS.residentKiB(pid: pid) ?? 0

        // Twice as many connections as the server has descriptors; they sit idle.
        var holders: [RawClient] = []
        for _ in 0..<128 { holders.append(try RawClient(port: server.port)) }
        #expect(eventually(timeout: 10) { server.stderr.contains("accepting paused for 100 ms: too many open files") },
                "no EMFILE back-off logged; stderr tail: \(server.stderr.suffix(400))")

        // Out of descriptors with a full backlog, the server must not spin: CPU over 1 s stays low.
        let ticksBefore = try #require(ProcFS.cpuTicks(pid: pid))
        let window = ContinuousClock.now
        while ContinuousClock.now - window < .seconds(1) {
            #expect(server.isRunning)
            usleep(100_000)
        }
        let ticksAfter = try #require(ProcFS.cpuTicks(pid: pid))
        let ticksPerSecond = Int(sysconf(Int32(_SC_CLK_TCK)))
        #expect(ticksAfter - ticksBefore < ticksPerSecond / 4,
                "the server used \(ticksAfter - ticksBefore) ticks of CPU in 1 s while out of descriptors")
        #expect(server.isRunning)

        // The extra connections go away: the server serves again and its descriptors come back down.
        for holder in holders { holder.close() }
        holders.removeAll()
        #expect(eventually(timeout: 15) { ask(server.port, 3) == Wire.goodPair(3).reply }, "the server did not recover")
        for n in 0..<20 { #expect(ask(server.port, n) == Wire.goodPair(n).reply) }
        #expect(eventually(timeout: 10) { ProcFS.descriptorCount(pid: pid) == startFDs },
                "descriptors: \(ProcFS.descriptorCount(pid: pid)), at start \(startFDs)")
        // Memory: back near where it started (allocator caches allowed: under 8 MiB more).
        let endRSS = ProcFS.residentKiB(pid: pid) ?? 0
        #expect(endRSS - startRSS < 8 * 1024, "RSS grew from \(startRSS) KiB to \(endRSS) KiB")
        #expect(server.isRunning)
    }

    @Test("--max-connections: connections over the cap are closed at once and the count is logged, even unwatched")
    func maxConnectionsLogged() throws {
        let binary = SocketLabBinary.path
        try #require(SocketLabBinary.exists, "\(SocketLabBinary.missingReason)")
        let server = try ServerProcess(binary: binary, shellPrefix: "true", arguments: "127.0.0.1 0 --max-connections 5 --quiet")
        defer { server.stop() }
        let pid = server.pid
        let startFDs = ProcFS.descriptorCount(pid: pid)
        var holders: [RawClient] = []
        for _ in 0..<5 { holders.append(try RawClient(port: server.port)) }
        #expect(eventually { ProcFS.descriptorCount(pid: pid) == startFDs + 5 })
        var refused: [RawClient] = []
        for _ in 0..<3 { refused.append(try RawClient(port: server.port)) }
        for client in refused {
            let end = client.readToEnd(timeout: 5)
            #expect(end.end != .timeout && end.bytes.isEmpty, "a connection over the cap was not closed at once")
        }
        #expect(eventually { server.stderr.contains("over --max-connections (3 refused so far)") },
                "stderr: \(server.stderr.suffix(400))")
        for holder in holders { holder.close() }
        #expect(eventually(timeout: 10) { ask(server.port, 1) == Wire.goodPair(1).reply })
        #expect(eventually { ProcFS.descriptorCount(pid: pid) == startFDs })
        // Spawned with SIGTERM blocked (Foundation passes the test runner's mask on), it must still stop.
        #expect(server.stop(), "SIGTERM did not stop the server within 5 s")
    }

    /// `bench --connections` above what `ulimit -n` allows: the load runs with the slots that fit
    /// and the report names the cap and the limit. Before, the extra slots failed every connect
    /// with EMFILE, retried every millisecond, and the run ended with thousands of "connect" errors.
    @Test("bench with more --connections than ulimit -n allows runs capped, reports the cap, and counts no connect errors")
    func benchCappedByOpenFileLimit() throws {
        let binary = SocketLabBinary.path
        try #require(SocketLabBinary.exists, "\(SocketLabBinary.missingReason)")
        let server = try ServerProcess(binary: binary, shellPrefix: "true", arguments: "127.0.0.1 0 --quiet")
        defer { server.stop() }
        let out = server.directory.appendingPathComponent("bench.out"), err = server.directory.appendingPathComponent("bench.err")
        let bench = Process()
        bench.executableURL = URL(fileURLWithPath: "/bin/bash")
        bench.arguments = ["-c", "ulimit -n 256; exec \"$0\" bench 127.0.0.1 \(server.port) --connections 2000 --warmup 0 --duration 20 --requests 500 --json >\"$1\" 2>\"$2\"",
                           binary, out.path, err.path]
        bench.standardInput = FileHandle.nullDevice
        try bench.run()
        let finished = eventually(timeout: 30) { !bench.isRunning }
        if !finished { bench.terminate() }
        try #require(finished, "bench did not finish within 30 s")
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        #expect(bench.terminationStatus == 0, "stdout: \(stdout) stderr: \(stderr.suffix(400))")
        let report = try JSONParser.parse(Array(stdout.utf8))
        #expect(report["connections_requested"] == .number("2000"))
        #expect(report["open_file_limit"] == .number("256"))
        guard case let .number(text)? = report["connections"], let connections = Int(text) else {
            Issue.record("no connection count in \(stdout)")
            return
        }
        #expect(connections > 100 && connections < 256, "\(connections) slots under ulimit -n 256")
        #expect(report["completed"] == .number("500"))
        #expect(report["total_errors"] == .number("0"), "\(stdout)")
    }
}
