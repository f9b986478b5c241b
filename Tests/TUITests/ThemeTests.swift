import FrameCore
import Testing
@testable import TUI

/// Themes (`--theme`, `:theme`), the help's colour and column legends, and its scrolling.
@Suite struct ThemeTests {
    func exchange(_ theme: ThemeName, colors: Bool = true) -> TUIState {
        var state = Fixtures.newState(colors: colors)
        state.theme = theme
        Fixtures.searchExchange(into: &state)
        state.apply(Fixtures.event(2, .closed(reason: "response sent")))
        state.selectedConnection = 1
        return state
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func projectorDrawsNoDimTextAndVividColours(width: Int, height: Int) throws {
        var state = exchange(.projector)
        for focus in Pane.allCases {
            state.focus = focus
            for help in [false, true] {
                state.showHelp = help
                let grid = Renderer.render(state, width: width, height: height)
                #expect(!grid.cells.contains { $0.style.dim }, "\\(focus), help \\(help)")
            }
        }
        state.showHelp = false
        let grid = Renderer.render(state, width: width, height: height)
        let y = try #require(Fixtures.row(grid, containing: " 0000  00 67 7b"))
        let x = try #require(Fixtures.column(grid, y, of: "00 67 7b"))
        #expect(grid[x, y].style == CellStyle(foreground: .vividMagenta, bold: true))
        #expect(grid[x + 6, y].style == CellStyle(foreground: .vividCyan, bold: true))
        // The default theme dims secondary text (timestamps); the projector does not.
        #expect(Renderer.render(exchange(.default), width: width, height: height).cells.contains { $0.style.dim })
    }

    @Test func monoUsesAttributesOnlyEvenOnAColourTerminal() throws {
        let grid = Renderer.render(exchange(.mono), width: 120, height: 40)
        #expect(grid.cells.allSatisfy { $0.style.foreground == .default && $0.style.background == .default })
        let y = try #require(Fixtures.row(grid, containing: " 0000  00 67 7b"))
        let x = try #require(Fixtures.column(grid, y, of: "00 67 7b"))
        #expect(grid[x, y].style.reverse)
        #expect(grid[x + 6, y].style.underline)
    }

    @Test func themeCommandSwitchesAndRejectsUnknownNames() {
        var state = Fixtures.newState()
        func type(_ line: String) {
            for c in line { _ = state.handle(.character(c), width: 80, height: 24) }
            _ = state.handle(.enter, width: 80, height: 24)
        }
        type(":theme projector")
        #expect(state.theme == .projector)
        #expect(state.status == "theme projector")
        type(":theme neon")
        #expect(state.theme == .projector)
        #expect(state.status == "usage: :theme default|projector|mono")
        #expect(state.composer.text == ":theme neon", "the bad line stays to be fixed")
        state.composer = ComposerState()
        state.colors = false
        type(":theme default")
        #expect(state.status == "theme default (this terminal shows no colours)")
    }

    @Test func vividColoursFallBackToTheirBasicHue() {
        #expect(TermColor.vividMagenta.basic == .magenta)
        #expect(TermColor.brightWhite.basic == .white)
        #expect(TermColor.cyan.basic == .cyan)
        #expect(TermColor.allCases.allSatisfy { $0.basic.rawValue < 8 })
    }

    @Test(arguments: [ThemeName.default, .projector])
    func helpExplainsTheColoursInThePanesStyles(_ name: ThemeName) throws {
        var state = exchange(name)
        state.showHelp = true
        _ = state.handle(.end, width: 120, height: 40)
        let grid = Renderer.render(state, width: 120, height: 40)
        let theme = Theme(name, colors: true)
        let y = try #require(Fixtures.row(grid, containing: "proto-header  JSON header  content sent  content received"))
        for (label, style) in [("proto-header", theme.part(.protoHeader, .out)), ("JSON header", theme.part(.jsonHeader, .out)),
                               ("content sent", theme.part(.content, .out)), ("content received", theme.part(.content, .in))] {
            let x = try #require(Fixtures.column(grid, y, of: label))
            #expect(grid[x, y].style == style, "\\(label)")
        }
        let text = grid.lines.joined(separator: "\\n")
        #expect(text.contains("SndQ              bytes waiting in SocketLab's send queue"))
        #expect(text.contains("RcvB              read bytes the decoder holds until a message is whole"))
        #expect(text.contains("Recv-Q / Send-Q   bytes in the kernel's socket buffers (as ss shows)"))
    }

    @Test func everyHelpLineCanBeScrolledToAt80x24AndOtherKeysClose() {
        var state = Fixtures.newState()
        _ = state.handle(.function(1), width: 80, height: 24)
        var seen = Set<String>()
        for _ in 0..<60 {
            for line in Renderer.render(state, width: 80, height: 24).lines { seen.insert(line) }
            _ = state.handle(.down, width: 80, height: 24)
        }
        #expect(state.showHelp, "scrolling keeps the help open")
        #expect(Renderer.render(state, width: 80, height: 24).lines.joined().contains("↑↓ scroll, any other key closes"),
                "at the end too, ↑ still scrolls")
        let all = seen.joined(separator: "\\n")
        for line in HelpOverlay.lines(Theme(state)).map { $0.text } {
            #expect(all.contains(line), "\\(line) not reachable at 80×24")
        }
        _ = state.handle(.character("x"), width: 80, height: 24)
        #expect(!state.showHelp)
        #expect(state.helpScroll == 0)
    }

    @Test func connectionsFocusShowsTheQueueLegendInTheStatusBar() {
        var state = Fixtures.newState()
        state.focus = .connections
        #expect(Renderer.render(state, width: 80, height: 24).lines[23].contains("SndQ send queue  RcvB decoder  Recv-Q/Send-Q kernel (ss)"))
        state.focus = .dump
        #expect(!Renderer.render(state, width: 80, height: 24).lines[23].contains("SndQ"))
    }
}
