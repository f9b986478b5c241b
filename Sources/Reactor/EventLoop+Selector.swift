/// What the loop reports about its selector (wake-ups, registrations) and the single-step gate.
extension EventLoop {
    /// At most this many idle wake-ups are folded into one report.
    static let maxFoldedIdleWakeUps = 100

    /// Reports a `select()` return: a run of idle ones is folded, a wake-up with something ready
    /// lists it. Only called while someone observes.
    func reportWakeUp(_ ready: [SelectorEvent]) {
        selectCalls += 1
        if ready.isEmpty {
            if idleSince == nil { idleSince = selectCalls }
            idleLast = selectCalls
            if selectCalls - idleSince! + 1 >= Self.maxFoldedIdleWakeUps { flushIdleWakeUps() }
            return
        }
        let items = ready.map { SelectorCall.Ready(handle: handle(token: $0.token), events: SelectorCall.events($0)) }
        reportSelector(.wokeUp(call: selectCalls, ready: items))
    }

    /// Reports a selector call, after any idle wake-ups folded before it.
    /// `call` is an autoclosure: its handle text (`"#\(id)"`) is built only when someone watches.
    @inline(__always)
    func reportSelector(_ call: @autoclosure () -> SelectorCall, connection: Int? = nil) {
        if _slowPath(isObserved) {
            reportObserved(call(), connection: connection)
        }
    }

    @inline(never)
    private func reportObserved(_ call: SelectorCall, connection: Int?) {
        flushIdleWakeUps()
        emit(connection, .selector(call))
    }

    private func flushIdleWakeUps() {
        guard let first = idleSince else { return }
        idleSince = nil
        emit(nil, .selector(.idle(first: first, last: idleLast)))
    }

    /// `#ID` for a connection, `lsn ADDRESS` for a listener, `wake` for the loop's eventfd.
    func handle(token: UInt64) -> String {
        switch owner(token: token) {
        case .connection(let connection)?: return "#\(connection.id)"
        case .listener(let listener)?: return "lsn \(listener.address)"
        case .wakeup?: return "wake"
        case .none?, nil: return "fd \(UInt32(truncatingIfNeeded: token))"
        }
    }

    /// True if something other than the loop's own wake-up eventfd is ready.
    func hasReadySockets(_ ready: [SelectorEvent]) -> Bool {
        ready.contains { event in
            if case .wakeup? = owner(token: event.token) { return false }
            return true
        }
    }
}
