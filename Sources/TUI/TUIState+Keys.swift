import FrameCore

extension TUIState {
    /// Handles one key for a screen of the given size; returns what the runtime must do.
    /// Keys become state changes here, never in the curses layer, so every binding is tested.
    public mutating func handle(_ key: KeyEvent, width: Int, height: Int) -> [TUIAction] {
        if let commands = pasteKey(key) { return commands }
        let layout = layout(width: width, height: height)
        if key == .control("c") { return [.quit] }
        if showHelp {
            // Scrolling keys scroll a help taller than the screen; any other key closes it (q
            // too, rather than quitting by surprise).
            let last = HelpOverlay.maxScroll(theme: Theme(self), height: height)
            switch key {
            case .up: helpScroll = max(0, helpScroll - 1)
            case .down: helpScroll = min(last, helpScroll + 1)
            case .pageUp: helpScroll = max(0, helpScroll - (height - 4))
            case .pageDown: helpScroll = min(last, helpScroll + (height - 4))
            case .home: helpScroll = 0
            case .end: helpScroll = last
            case .resize: break
            default:
                showHelp = false
                helpScroll = 0
            }
            return []
        }
        if confirmingQuit {
            // Only q or y confirms; any other key (Esc, a stray letter) keeps the session.
            confirmingQuit = false
            if key == .character("q") || key == .character("y") { return [.quit] }
            status = "quit cancelled"
            return []
        }
        switch key {
        case .function(1): showHelp = true; return []
        case .tab: focus = focus.next; return []
        case .backTab: focus = focus.previous; return []
        case .resize: return []
        case let .click(x, y): click(x: x, y: y, layout: layout); return []
        case let .wheel(x, y, delta): wheel(x: x, y: y, delta: delta, layout: layout); return []
        default: break
        }
        if focus == .composer { return composerKey(key) }
        if let commands = tourKey(key) { return commands }
        switch key {
        case .character("q"): return quit()
        case .character("?"): showHelp = true
        case .character("p"): togglePause()
        case .character("i"), .character("/"), .enter: focus = .composer
        case .character(":"): startCommand()
        case .escape: focus = .connections
        case .character("["): stepMessage(-1)
        case .character("]"): stepMessage(1)
        case .character("c"): clearClosed()
        case .character("x"): return closeSelected()
        case .character("z"): toggleZoom()
        case .character("n") where stepping: return [.step]
        case .up: move(-1, layout: layout)
        case .down: move(1, layout: layout)
        case .pageUp: move(-max(1, layout.rect(of: focus).height - 2), layout: layout)
        case .pageDown: move(max(1, layout.rect(of: focus).height - 2), layout: layout)
        case .home: move(-1_000_000, layout: layout)
        case .end: move(1_000_000, layout: layout)
        default: break
        }
        return []
    }

    /// `q` outside the composer: at once when nothing is open or recording, else ask first,
    /// because one stray `q` (typed after Esc) would otherwise end a session in front of a room.
    private mutating func quit() -> [TUIAction] {
        let open = live.connections.filter { !$0.isClosed && $0.side != .listener }.count
        var what: [String] = []
        if open > 0 { what.append("\(open) connection\(open == 1 ? " is" : "s are") open") }
        if recording != nil { what.append("a recording runs") }
        guard !what.isEmpty else { return [.quit] }
        confirmingQuit = true
        status = what.joined(separator: " and ") + ": quit? q or y quits, any other key stays"
        return []
    }

    /// `:` outside the composer opens it on a `:`-command, as in vi: after `:step on` moved the
    /// focus to Connections, typing `:step off` there used to run `p` (pause) and other pane keys
    /// letter by letter. A line being typed is not lost: it goes to the history (↑ brings it back).
    private mutating func startCommand() {
        focus = .composer
        if composer.text.hasPrefix(":") {
            composer.end()
            return
        }
        if composer.stash() { status = "the line you were typing is in the history (↑ brings it back)" }
        composer.insert(":")
    }

    private mutating func composerKey(_ key: KeyEvent) -> [TUIAction] {
        switch key {
        case let .character(c):
            if !composer.insert(c) { status = "the request line is full (\(Int.grouped(composer.maxCount)) characters)" }
        case .backspace: composer.backspace()
        case .delete: composer.delete()
        case .left: composer.move(-1)
        case .right: composer.move(1)
        case .home, .control("a"): composer.home()
        case .end, .control("e"): composer.end()
        case .control("u"): composer.clear()
        case .up: composer.recall(older: true)
        case .down: composer.recall(older: false)
        case .escape: focus = .connections
        case .enter: return submit()
        default: break
        }
        return []
    }

    /// Sends what the composer holds, or runs its `:`-command.
    mutating func submit() -> [TUIAction] {
        let line = composer.text
        switch ComposerInput.parse(line, mode: mode) {
        case let .failure(error):
            status = error.description
            return []
        case let .success(input):
            _ = composer.submit()
            return run(input)
        }
    }

    mutating func run(_ input: ComposerInput) -> [TUIAction] {
        switch input {
        case let .request(payload, label):
            lastRequest = (payload, label)
            status = "sent \(label)" + (chunk.map { " in \($0.size)-byte chunks, \($0.delayMilliseconds) ms apart" } ?? "")
            return [send(payload, count: 1)]
        case let .chunk(size, delay):
            chunk = (size, delay)
            status = "next requests go out in \(size)-byte chunks, \(delay) ms apart (:chunk off to stop)"
        case .chunkOff:
            chunk = nil
            status = "requests go out whole"
        case let .burst(count, payload, label):
            guard let payload = payload ?? lastRequest?.payload else {
                status = "send a request first, or give one: :burst \(count) search morpheus"
                return []
            }
            status = "burst: \(count) connections with \(label ?? lastRequest?.label ?? "the multiconn messages")"
            return [send(payload, count: count)]
        case let .malformed(preset):
            status = "sent malformed frame: \(preset.summary)"
            return [.send(payload: preset.bytes, count: 1, chunkSize: chunk?.size, delayMilliseconds: chunk?.delayMilliseconds ?? 0,
                          framed: true, halfClose: preset == .truncated)]
        case .pause: togglePause()
        case .help: showHelp = true
        case .quit: return [.quit]
        case .clear: clearClosed()
        case let .theme(name):
            theme = name
            status = "theme \(name.rawValue)" + (colors || name == .mono ? "" : " (this terminal shows no colours)")
        case let .record(path): return [.startRecording(path: path)]
        case .recordStop: return [.stopRecording]
        case let .selectorView(on):
            showSelector = on
            status = on ? "the event log shows the selector: wake-ups and register/modify/unregister (:selector off)" : "the event log shows events"
        case let .stepping(on):
            return setStepping(on)
        }
        return []
    }

    private func send(_ payload: [UInt8], count: Int) -> TUIAction {
        .send(payload: payload, count: count, chunkSize: chunk?.size, delayMilliseconds: chunk?.delayMilliseconds ?? 0,
              framed: mode.framed, halfClose: false)
    }

    mutating func togglePause() {
        if frozen == nil {
            frozen = live
            status = "paused: the view is frozen, bytes keep being recorded (p to resume)"
        } else {
            frozen = nil
            status = "resumed"
        }
    }

    private mutating func clearClosed() {
        live.connections.removeAll { $0.isClosed }
        if frozen != nil { frozen!.connections.removeAll { $0.isClosed } }
        if let id = selectedConnection, shown.index(of: id) == nil { selectedConnection = shown.connections.last?.id }
        status = "closed connections cleared"
    }

    private mutating func move(_ delta: Int, layout: Layout) {
        scroll(focus, by: delta, layout: layout)
    }

    private mutating func stepMessage(_ delta: Int) {
        let count = DecodedLines.messages(of: selected).count
        guard count > 0 else { return }
        let current = selectedMessage ?? count - 1
        selectedMessage = min(max(0, current + delta), count - 1)
        selectedField = nil
    }
}
