import Histogram
import Reactor

/// The load generator's work on one thread: an event loop of its own driving a share of the slots.
///
/// Why each worker keeps its own histogram and counts: nothing is shared on the hot path except
/// the `--requests` budget; the generator adds the workers' results once they stop.
final class LoadWorker {
    enum Phase { case warmingUp, measuring, stopping }

    let loop: EventLoop
    let request: LoadRequest
    private let address: SocketAddress
    private let counters: LoadCounters
    private let budget: LoadBudget
    private let timeout: Duration
    private let warmupEnd: MonotonicInstant
    private let deadline: MonotonicInstant
    private var slots: [LoadSlot] = []
    private var phase: Phase
    private var active = 0
    private var histogram = LoadWorker.makeHistogram()
    private var errors = [Int](repeating: 0, count: LoadErrorKind.allCases.count)
    private var completed = 0
    private var lastCompletion: MonotonicInstant?
    /// Slots the ramp has started (each at least one request); the rest wait for their turn.
    private var opened = 0

    /// `warmupEnd` and `deadline` are shared by every worker.
    init(configuration: LoadConfiguration, address: SocketAddress, slots count: Int, counters: LoadCounters,
         budget: LoadBudget, warmupEnd: MonotonicInstant, deadline: MonotonicInstant) throws(SocketError) {
        loop = try EventLoop()
        request = configuration.request
        self.address = address
        self.counters = counters
        self.budget = budget
        timeout = configuration.timeout
        self.warmupEnd = warmupEnd
        self.deadline = deadline
        phase = .now() >= warmupEnd ? .measuring : .warmingUp
        slots = (0..<count).map { _ in LoadSlot(worker: self) }
    }

    /// Latencies in microseconds, up to an hour, three significant digits.
    static func makeHistogram() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Runs until the deadline, or until the budget is spent and every slot is idle. Throws if
    /// the loop's selector fails.
    func run() throws(SocketError) -> LoadWorkerResult {
        // Durations are signed: a warm-up that ended while this thread started is simply due now
        // (the scheduler runs past deadlines at once), never an unsigned underflow.
        let start = MonotonicInstant.now()
        if phase == .warmingUp {
            loop.schedule(after: warmupEnd - start) { [unowned self] in
                if phase == .warmingUp { phase = .measuring }
            }
        }
        loop.schedule(after: deadline - start) { [unowned self] in
            phase = .stopping
            loop.stop()
        }
        scheduleTimeoutSweep()
        defer { abandonInFlight() }
        ramp()
        if active > 0 || phase != .stopping { try loop.run() }
        return LoadWorkerResult(histogram: histogram, completed: completed, errors: errors, lastCompletion: lastCompletion,
                                opened: opened)
    }

    /// Opens the slots through the loop's ramp (`EventLoop.ramp`: a millisecond of connects at
    /// a time, the loop running in between), so `--duration` holds while thousands connect and the
    /// first replies do not wait for the last connect. The ramp ends at the deadline or once the
    /// `--requests` budget is spent: slots it did not reach are reported as not opened.
    private func ramp() {
        loop.ramp(slots.count) { [unowned self] index in
            guard startNext(slots[index]) else { return false }
            opened += 1
            return true
        }
    }

    /// Requests still in flight when the run ends are not counted either way.
    private func abandonInFlight() {
        for slot in slots where slot.inFlight {
            slot.inFlight = false
            slot.connection?.close(.local("run ended"))
            slot.connection = nil
        }
    }

    /// Ends the slot's request (nil error: a correct reply) and starts its next one.
    func finish(_ slot: LoadSlot, error: LoadErrorKind?) {
        guard slot.inFlight else { return }
        slot.inFlight = false
        slot.connection = nil
        active -= 1
        let now = MonotonicInstant.now()
        if slot.measured && phase == .measuring {
            if let error {
                errors[Self.index(of: error)] += 1
                counters.failed.add(1, ordering: .relaxed)
            } else {
                _ = histogram.record(max(1, (now - slot.started).wholeMicroseconds))
                completed += 1
                lastCompletion = now
                counters.completed.add(1, ordering: .relaxed)
            }
        } else if !slot.measured && error == nil {
            counters.warmupCompleted.add(1, ordering: .relaxed)
        }
        if error == nil {
            startNext(slot)
        } else {
            // Not at once: a refused connect can fail inside `connect` itself, and retrying in the
            // same callback would never give the loop's timers (the deadline) a turn.
            loop.schedule(after: .milliseconds(1)) { [unowned self] in startNext(slot) }
        }
    }

    /// Starts the slot's next request; false when the run is over for it (stopping, past the
    /// deadline, or the budget is spent). A connect that fails at once still counts as started.
    ///
    /// The clock is read here, not only in the deadline's timer: a pass over thousands of due
    /// retries (each connect slow when ports are scarce) would otherwise run past it.
    @discardableResult
    private func startNext(_ slot: LoadSlot) -> Bool {
        let now = MonotonicInstant.now()
        guard phase != .stopping, !slot.inFlight, now < deadline else {
            stopIfIdle()
            return false
        }
        let measured = phase == .measuring
        if measured && !budget.take() {
            stopIfIdle()
            return false
        }
        slot.begin(at: now, measured: measured)
        active += 1
        do {
            slot.connection = try loop.connect(to: address, handler: slot)
        } catch {
            // Out of descriptors or ports: counted, retried shortly.
            finish(slot, error: .connect)
        }
        return true
    }

    private func stopIfIdle() {
        if active == 0 { loop.stop() }
    }

    /// Every slot is checked a few times per timeout; one timer per worker, not one per request.
    private func scheduleTimeoutSweep() {
        let period = max(.milliseconds(1), min(timeout / 4, .milliseconds(100)))
        loop.schedule(after: period) { [unowned self] in
            let now = MonotonicInstant.now()
            for slot in slots where slot.inFlight && now - slot.started > timeout {
                slot.timeOut()
            }
            if phase != .stopping { scheduleTimeoutSweep() }
        }
    }

    static func index(of kind: LoadErrorKind) -> Int {
        LoadErrorKind.allCases.firstIndex(of: kind)!
    }
}

@available(*, unavailable)
extension LoadWorker: Sendable {}

/// What one worker measured.
struct LoadWorkerResult: Sendable {
    var histogram: Histogram<UInt64>
    var completed: Int
    /// Indexed like `LoadErrorKind.allCases`.
    var errors: [Int]
    /// When the last measured reply arrived; nil if none did.
    var lastCompletion: MonotonicInstant?
    /// Slots the ramp started before the run ended.
    var opened: Int
}
