import Dispatch
import Foundation
import Reactor
import Synchronization

/// `socketlab bench`: a closed-loop, connection-per-request load generator on the reactor.
///
/// Each of `threads` event loops drives its share of `connections` slots; a slot connects, sends
/// the request, verifies the reply, closes, and starts again at once. Requests that end during the
/// warm-up are not measured; the run ends after the duration or once `maxRequests` measured
/// requests are done, whichever comes first.
public enum LoadGenerator {
    /// A snapshot for the live progress line, about once a second.
    public struct Progress: Sendable {
        public var elapsed: Double
        public var warmingUp: Bool
        public var completed: Int
        public var failed: Int
        /// Correct replies per second since the previous snapshot (warm-up included).
        public var rate: Double
    }

    /// Runs the load and returns what it measured; `progress` is called on the calling thread.
    public static func run(_ configuration: LoadConfiguration,
                           progress: (Progress) -> Void = { _ in }) throws(SocketError) -> LoadReport {
        let addresses = try SocketAddress.resolve(host: configuration.host, port: configuration.port)
        let address = addresses[0]
        let spare = ProcessSetup.spareDescriptors()
        let connections = Self.connections(configuration.connections, threads: configuration.threads, spareDescriptors: spare)
        guard connections > 0 else { throw .tooManyOpenFiles }
        let threads = max(1, min(configuration.threads, connections))
        let budget = LoadBudget(configuration.maxRequests)
        let start = MonotonicInstant.now()
        let warmupEnd = start + max(.zero, configuration.warmup)
        let deadline = warmupEnd + max(.zero, configuration.duration)
        let counters = (0..<threads).map { _ in LoadCounters() }
        let results = Mutex<[LoadWorkerResult]>([])
        let failure = Mutex<SocketError?>(nil)
        let group = DispatchGroup()
        for index in 0..<threads {
            let share = connections / threads + (index < connections % threads ? 1 : 0)
            let counter = counters[index]
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do throws(SocketError) {
                    let worker = try LoadWorker(configuration: configuration, address: address, slots: share, counters: counter,
                                                budget: budget, warmupEnd: warmupEnd, deadline: deadline)
                    let result = try worker.run()
                    results.withLock { $0.append(result) }
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            thread.name = "socketlab-bench-\(index)"
            thread.start()
        }
        var previous = (time: start, done: 0)
        while group.wait(timeout: .now() + .seconds(1)) == .timedOut {
            let now = MonotonicInstant.now()
            let done = counters.reduce(0) { $0 + $1.completed.load(ordering: .relaxed) + $1.warmupCompleted.load(ordering: .relaxed) }
            let failed = counters.reduce(0) { $0 + $1.failed.load(ordering: .relaxed) }
            let measured = counters.reduce(0) { $0 + $1.completed.load(ordering: .relaxed) }
            progress(Progress(elapsed: (now - start).inSeconds, warmingUp: now < warmupEnd, completed: measured,
                              failed: failed, rate: Double(done - previous.done) / max(1e-9, (now - previous.time).inSeconds)))
            previous = (now, done)
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let all = results.withLock { $0 }
        var histogram = LoadWorker.makeHistogram()
        var errors = [Int](repeating: 0, count: LoadErrorKind.allCases.count)
        var completed = 0
        var opened = 0
        var last: MonotonicInstant?
        for result in all {
            histogram.add(result.histogram)
            completed += result.completed
            opened += result.opened
            if let done = result.lastCompletion { last = max(last ?? done, done) }
            for (index, count) in result.errors.enumerated() { errors[index] += count }
        }
        // Ended by the budget: the window closes with the last reply; else at the deadline.
        let end = if let last, MonotonicInstant.now() < deadline && last > warmupEnd { last } else { deadline }
        let seconds = max(.zero, end - warmupEnd).inSeconds
        return LoadReport(target: "\(address)", request: configuration.request.label, requestBytes: configuration.request.bytes.count,
                          connections: connections, threads: threads, seconds: seconds, completed: completed,
                          errors: Dictionary(uniqueKeysWithValues: zip(LoadErrorKind.allCases, errors)), latency: histogram,
                          requestedConnections: configuration.connections, openedConnections: opened,
                          openFileLimit: connections < configuration.connections ? ProcessSetup.openFileLimit : nil)
    }

    /// Descriptors kept free per event loop (its selector, wake-up and step descriptors) and for
    /// the process (standard streams, name resolution, a log file).
    static let descriptorsPerLoop = 8
    static let descriptorsKept = 32

    /// The slots a run can keep open: `requested`, or fewer when the open-file limit would be hit
    /// first. Why capped up front: past the limit every connect fails with EMFILE and is retried,
    /// so the extra slots add no load, only a stream of "connect" errors that hide the real ones.
    /// The report names the cap and the limit.
    static func connections(_ requested: Int, threads: Int, spareDescriptors spare: Int?) -> Int {
        guard let spare else { return requested }
        let loops = max(1, min(threads, requested))
        return max(0, min(requested, spare - loops * descriptorsPerLoop - descriptorsKept))
    }
}
