import CursesUI
import TUI
import Peers
import Recorder

/// The TUI's main loop on the UI thread: keys become commands through the model, session
/// events are applied, and the screen is repainted only when something changed. It waits on
/// the keyboard with a short timeout, so an idle session costs next to no CPU.
struct TUIRunner {
    let terminal: Terminal
    let engine: TUIEngine
    /// The recording in progress (`--record` or `:record`), fed on the loop thread by the engine.
    var recorder: SessionRecorder?
    let recordLimit: Int

    /// The longest a batch of keys is handled before the screen is painted again.
    static let keyBatchBudget: Duration = .milliseconds(30)

    /// The mode `socketlab tour` asked for when its next step needs another server; run() returned for it.
    private(set) var tourMode: ComposerMode?

    /// Runs until the user quits (or the tour needs another mode); returns the recording still
    /// running then, for the caller to finish. `initial` runs first (the tour step's actions).
    mutating func run(_ state: inout TUIState, initial: [TUIAction] = []) -> SessionRecorder? {
        var dirty = true
        attach(recorder)
        for command in initial where !execute(command, &state) {
            return recorder
        }
        // Keys before events, events in slices, a key painted at once: see `TUIPacer`.
        var pacer = TUIPacer()
        var backlog = EventBacklog<TUIEngineEvent>()
        while true {
            dirty = updateRecording(&state) || dirty
            var size = terminal.size
            var timeout = pacer.keyWaitMilliseconds(backlog: !backlog.isEmpty, dirty: dirty, now: .now)
            var keysRead = false
            // A batch of keys ends after `keyBatchBudget`: a paste of megabytes (or a stream that
            // never ends) is painted as it arrives instead of freezing the screen until it is over.
            var batchEnd: ContinuousClock.Instant?
            while let key = terminal.readKey(timeoutMilliseconds: timeout) {
                timeout = 0
                batchEnd = batchEnd ?? ContinuousClock.now + Self.keyBatchBudget
                size = terminal.size
                for command in state.handle(key, width: size.width, height: size.height) where !execute(command, &state) {
                    return recorder
                }
                dirty = true
                keysRead = true
                if let batchEnd, ContinuousClock.now >= batchEnd { break }
            }
            if pacer.shouldPaint(dirty: dirty, afterKeys: keysRead, now: .now) {
                terminal.paint(Renderer.render(state, width: size.width, height: size.height))
                pacer.painted(at: .now)
                dirty = false
            }
            if backlog.isEmpty, let (events, dropped) = engine.drainEventsIfFree() {
                backlog.append(contentsOf: events)
                if dropped > 0 { state.status = "\(dropped) events dropped: the screen could not keep up" }
            }
            if !backlog.isEmpty {
                backlog.apply(until: .now + TUIPacer.eventSlice) { event in
                    switch event {
                    case let .session(event): state.apply(event)
                    case let .gap(time, connection, direction, count):
                        state.applyGap(time: time, connection: connection, direction: direction, count: count)
                    }
                }
                dirty = true
            }
        }
    }

    /// Carries out one command of the model; false when the session ends (quit, or the tour's next mode).
    private mutating func execute(_ command: TUIAction, _ state: inout TUIState) -> Bool {
        switch command {
        case .quit:
            return false
        case let .tourMode(mode):
            tourMode = mode
            return false
        case let .close(connection):
            engine.close(connection: connection)
        case let .startRecording(path):
            finishRecording(&state)
            do {
                let started = try SessionRecorder(path: path, limit: recordLimit)
                attach(started)
                recorder = started
                state.status = "recording to \(path)"
            } catch {
                state.status = "\(error)"
            }
        case .stopRecording:
            if recorder == nil { state.status = "not recording" } else { finishRecording(&state) }
        case let .stepping(on):
            engine.setStepping(on)
        case .step:
            engine.step()
        case let .send(payload, count, chunkSize, delay, framed, halfClose):
            engine.send(payload: payload, count: count,
                           plan: SendPlan(chunkSize: chunkSize, delay: .milliseconds(delay)),
                           framed: framed, halfClose: halfClose)
        }
        return true
    }

    private func attach(_ recorder: SessionRecorder?) {
        guard let recorder else { return engine.setTap(nil) }
        engine.setTap { recorder.record($0) }
    }

    /// Stops the recording and says where it went.
    private mutating func finishRecording(_ state: inout TUIState) {
        guard let current = recorder else { return }
        engine.setTap(nil)
        let status = current.stop()
        recorder = nil
        state.recording = nil
        state.status = status.stoppedBecause ?? "recorded \(RecorderStatus.size(status.bytesWritten)) to \(status.path)"
    }

    /// Refreshes the status-bar badge; a recording that stopped on its own (limit, disk) says why.
    /// Returns whether anything shown changed.
    private mutating func updateRecording(_ state: inout TUIState) -> Bool {
        guard let current = recorder else { return false }
        let status = current.currentStatus
        if status.stoppedBecause != nil {
            finishRecording(&state)
            return true
        }
        let badge = status.badge
        guard badge != state.recording else { return false }
        state.recording = badge
        return true
    }
}
