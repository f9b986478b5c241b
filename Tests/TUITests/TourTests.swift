import Foundation
import FrameCore
import Testing
@testable import TUI

/// The tour's script (Sources/socketlab/Resources/tour.json) runs end to end in the model: every
/// step's actions are composer commands of its mode, its text fits the panel at 80×24, and the
/// keys move through it without clashing with single-step.
@Suite struct TourTests {
    static func builtIn() throws -> Tour {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Sources/socketlab/Resources/tour.json"))
        return try Tour.parse(Array(data))
    }

    static func state(_ tour: TourState, mode: ComposerMode) -> TUIState {
        var state = TUIState(target: "127.0.0.1:40000", origin: "tour", mode: mode)
        state.tour = tour
        return state
    }

    @Test func theBuiltInTourCoversTheThreeIterationsInOrder() throws {
        let tour = try Self.builtIn()
        let modes = tour.steps.map(\.mode)
        // echo, then multiconn, then app: each section once, in the tutorial's order.
        let sections = modes.reduce(into: [ComposerMode]()) { if $0.last != $1 { $0.append($1) } }
        #expect(sections == [.echo, .multiconn, .app])
        let actions = Set(tour.steps.flatMap(\.actions))
        for needed in ["Hello, world", ":burst 3", ":selector on", ":step on", "search morpheus", ":bad json"] {
            #expect(actions.contains(needed), "the tour runs `\(needed)`")
        }
        #expect(tour.steps.contains { $0.actions.contains { $0.hasPrefix(":chunk ") } }, "a fragmented send")
    }

    /// Walks the whole tour with `n` as the runner would: a mode change starts a new session
    /// (a new state of that mode) that enters the step; every step's commands run without error.
    @Test func everyStepRunsEndToEndAndFitsTheScreen() throws {
        let tour = try Self.builtIn()
        var state = Self.state(TourState(tour: tour), mode: tour.steps[0].mode)
        var commands = state.enterTourStep()
        for index in tour.steps.indices {
            let step = tour.steps[index]
            if commands == [.tourMode(step.mode)] {
                state = Self.state(state.tour!, mode: step.mode)
                commands = state.enterTourStep()
            }
            #expect(state.tour?.index == index)
            #expect(state.mode == step.mode)
            #expect(state.status?.hasPrefix("`") != true, "step \(index + 1): \(state.status ?? "")")
            let sends = commands.filter { if case .send = $0 { return true } else { return false } }
            let requests = step.actions.filter { !$0.hasPrefix(":") || $0.hasPrefix(":burst") || $0.hasPrefix(":bad") }
            #expect(sends.count == requests.count, "step \(index + 1) sends each of its requests")
            #expect(commands.contains(.stepping(true)) == step.actions.contains(":step on"))
            // The panel shows the title and the whole text at 80×24.
            let layout = state.layout(width: 80, height: 24)
            let lines = TourState.wrap(step.text, width: layout.dump.width - 4)
            #expect(lines.count <= layout.dump.height - 2, "step \(index + 1)'s text needs \(lines.count) rows")
            let screen = Renderer.render(state, width: 80, height: 24).lines.joined(separator: "\n")
            #expect(screen.contains("Tour \(index + 1)/\(tour.steps.count)"))
            #expect(screen.contains(step.title))
            commands = state.handle(.character("n"), width: 80, height: 24)
        }
        #expect(commands.isEmpty, "n on the last step stays there")
        #expect(state.status == "this is the last step: q leaves the tour")
    }

    /// The last step hands the composer over: `?` would type there, F1 opens the help everywhere.
    @Test func theTourNamesTheHelpKeyThatWorksEverywhere() throws {
        for step in try Self.builtIn().steps {
            for paragraph in step.text {
                #expect(!paragraph.contains("? lists") && !paragraph.contains("press ?"), "\(step.title): \(paragraph)")
            }
        }
        #expect(try Self.builtIn().steps.last?.text.joined().contains("F1 lists every key") == true)
    }

    @Test func theTourKeysDoNotClashWithSingleStep() throws {
        let tour = try Self.builtIn()
        let stepIndex = try #require(tour.steps.firstIndex { $0.actions.contains(":step on") })
        var tourState = TourState(tour: tour)
        _ = tourState.move(stepIndex)
        var state = Self.state(tourState, mode: tour.steps[stepIndex].mode)
        let entered = state.enterTourStep()
        #expect(entered.contains(.stepping(true)) && state.stepping)
        #expect(state.handle(.character(" "), width: 80, height: 24) == [.step])
        #expect(Renderer.render(state, width: 80, height: 24).lines.joined(separator: "\n").contains("space = next wake-up"))
        // n leaves the step: stepping stops before the next step's actions run.
        let next = state.handle(.right, width: 80, height: 24)
        #expect(state.tour?.index == stepIndex + 1)
        if next != [.tourMode(tour.steps[stepIndex + 1].mode)] { #expect(next.first == .stepping(false)) }
        // ← goes back, and re-entering the stepping step turns stepping on again.
        #expect(state.handle(.left, width: 80, height: 24).contains(.stepping(true)))
        #expect(state.tour?.index == stepIndex)
        #expect(state.handle(.character("q"), width: 80, height: 24) == [.quit], "q leaves the tour at once")
        // Outside the tour, n is still single-step's.
        var plain = TUIState(target: "127.0.0.1:40000", origin: "tui", mode: .multiconn)
        _ = plain.run(.stepping(true))
        #expect(plain.handle(.character("n"), width: 80, height: 24) == [.step])
    }

    @Test func aBrokenTourFileSaysWhatAndWhere() {
        func parse(_ text: String) -> TourError? {
            do { _ = try Tour.parse(Array(text.utf8)); return nil } catch { return error }
        }
        #expect(parse("{\"steps\": [") .map { if case .notJSON = $0 { true } else { false } } == true)
        #expect(parse("{\"steps\": []}") == .badShape("steps (the list is empty)"))
        #expect(parse("{\"steps\": [{\"title\": \"x\", \"mode\": \"ftp\", \"text\": []}]}") == .badShape("\"mode\" (app, echo or multiconn) in step 1"))
        let bad = parse("""
            {"steps": [{"title": "a", "mode": "app", "text": ["t"], "actions": ["search ring"]},
                       {"title": "b", "mode": "echo", "text": ["t"], "actions": [":bad json"]}]}
            """)
        guard case let .badAction(step, action, _)? = bad else {
            Issue.record("expected badAction, got \(String(describing: bad))")
            return
        }
        #expect(step == 2 && action == ":bad json")
        #expect(parse(String(repeating: " ", count: Tour.maxBytes + 1)) == .tooBig(Tour.maxBytes + 1))
    }
}
