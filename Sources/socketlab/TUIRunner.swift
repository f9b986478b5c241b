import CursesUI
import Inspector
import Peers

/// The TUI's main loop on the UI thread: keys become commands through the model, session
/// events are applied, and the screen is repainted only when something changed. It waits on
/// the keyboard with a short timeout, so an idle session costs next to no CPU.
struct TUIRunner {
    let terminal: Terminal
    let workbench: Workbench

    func run(_ state: inout InspectorState) {
        var dirty = true
        while true {
            var size = terminal.size
            if dirty {
                terminal.paint(Renderer.render(state, width: size.width, height: size.height))
                dirty = false
            }
            var timeout = 50
            while let key = terminal.readKey(timeoutMilliseconds: timeout) {
                timeout = 0
                size = terminal.size
                for command in state.handle(key, width: size.width, height: size.height) {
                    switch command {
                    case .quit:
                        return
                    case let .close(connection):
                        workbench.close(connection: connection)
                    case let .send(payload, count, chunkSize, delay, framed, halfClose):
                        workbench.send(payload: payload, count: count,
                                       plan: SendPlan(chunkSize: chunkSize, delay: .milliseconds(delay)),
                                       framed: framed, halfClose: halfClose)
                    }
                }
                dirty = true
            }
            let (events, dropped) = workbench.drainEvents()
            if !events.isEmpty {
                for event in events {
                    switch event {
                    case let .session(event): state.apply(event)
                    case let .gap(time, connection, direction, count):
                        state.applyGap(time: time, connection: connection, direction: direction, count: count)
                    }
                }
                dirty = true
            }
            if dropped > 0 { state.status = "\(dropped) events dropped: the screen could not keep up" }
        }
    }
}
