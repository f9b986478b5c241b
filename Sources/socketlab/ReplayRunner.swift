import Capture
import FrameCore
import CursesUI
import Glibc
import TUI

/// The replay's main loop: the player's keys (space, n, N, + -, Home, End, q) drive a
/// `ReplayPlayer`, whose events go into the same `TUIState` a live session uses; every other
/// key goes to the model (panes, scrolling, messages), and nothing reaches the network.
struct ReplayRunner {
    let terminal: Terminal
    var player: ReplayPlayer
    /// A new, empty state: the start again (Home) replays into it from the first event.
    let fresh: () -> TUIState

    mutating func run() {
        var state = fresh()
        state.status = Self.keysHint
        var dirty = true
        var last = Self.monotonicSeconds()
        while true {
            state.replayPosition = player.statusText
            if dirty {
                let size = terminal.size
                terminal.paint(Renderer.render(state, width: size.width, height: size.height))
                dirty = false
            }
            if let key = terminal.readKey(timeoutMilliseconds: player.playing ? 20 : 100) {
                let pasted = key == .pasteStart || state.paste != nil
                switch key {
                case _ where pasted:
                    // A paste is text for the composer, never the player's keys (a pasted q or ^C);
                    // what has arrived of it is taken in one batch, not one character per frame.
                    let size = terminal.size
                    _ = state.handle(key, width: size.width, height: size.height)
                    let batchEnd = ContinuousClock.now + TUIRunner.keyBatchBudget
                    while state.paste != nil, ContinuousClock.now < batchEnd, let next = terminal.readKey(timeoutMilliseconds: 0) {
                        _ = state.handle(next, width: size.width, height: size.height)
                    }
                case .character("q"), .control("c"):
                    return
                case .character(" "):
                    player.togglePlaying()
                case .character("n"):
                    apply(player.step(), to: &state)
                case .character("N"):
                    apply(player.stepMessage(), to: &state)
                case .character("+"):
                    player.faster()
                case .character("-"):
                    player.slower()
                case .home:
                    player.toStart()
                    state = fresh()
                    state.status = Self.keysHint
                case .end:
                    apply(player.toEnd(), to: &state)
                default:
                    let size = terminal.size
                    for command in state.handle(key, width: size.width, height: size.height) {
                        if command == .quit { return }
                        state.status = "replay: nothing is sent (press q to leave)"
                    }
                }
                dirty = true
            }
            let now = Self.monotonicSeconds()
            let due = player.advance(by: now - last)
            last = now
            if !due.isEmpty {
                apply(due, to: &state)
                dirty = true
            } else if player.playing {
                dirty = true  // the clock in the status bar moves
            }
        }
    }

    /// The player's keys, shown in the status bar until something else is said there.
    static let keysHint = "replay: space play/pause  n event  N message  + - speed  Home End  q quit"

    private func apply(_ events: ArraySlice<SessionEvent>, to state: inout TUIState) {
        for event in events { state.apply(event) }
    }

    private static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
