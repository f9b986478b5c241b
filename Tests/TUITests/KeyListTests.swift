import Foundation
import FrameCore
import Testing
@testable import TUI

/// Every key the TUI reacts to is in the help overlay, and every key the help lists is in the
/// README's key table: the two lists a workshop reads stay complete as keys are added.
@Suite struct KeyListTests {
    /// The key column of the help's "Keys" section, e.g. "c / x / z".
    static var helpKeyColumns: [String] {
        let keys = HelpOverlay.keys
        let end = keys.firstIndex(of: "Requests") ?? keys.count
        return keys[1..<end].map { String($0.prefix(20)).trimmingCharacters(in: .whitespaces) }
    }

    /// The README's key table (after the `<!-- keys:` marker, up to the first blank line).
    static func readmeKeyTable() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- keys:"), "README has the key table marker")
        let rest = readme[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n\n")?.lowerBound ?? rest.endIndex)])
    }

    /// How the help and the README name a key.
    static func name(_ key: KeyEvent) -> String {
        switch key {
        case let .character(c): return String(c)
        case let .control(c): return "Ctrl-" + c.uppercased()
        case let .function(n): return "F\(n)"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .up: return "↑"
        case .down: return "↓"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        default: return "\(key)"
        }
    }

    @Test func everyKeyThatDoesSomethingIsInTheHelp() {
        let printable = (0x21..<0x7F).map { KeyEvent.character(Character(Unicode.Scalar(UInt8($0)))) }
        let special: [KeyEvent] = [.tab, .backTab, .enter, .escape, .up, .down, .pageUp, .pageDown, .home, .end]
            + (1...12).map { .function($0) } + "abcdefghijklmnopqrstuvwxyz".map { .control($0) }
        let listed = Set(Self.helpKeyColumns.flatMap { $0.split(separator: " ").map(String.init) })
        for pane in Pane.allCases where pane != .composer {
            var fresh = Fixtures.newState()
            Fixtures.searchExchange(into: &fresh, replyBytes: nil)  // open connections: q asks
            fresh.focus = pane
            let before = Renderer.render(fresh, width: 80, height: 24)
            for key in printable + special {
                var state = fresh
                let commands = state.handle(key, width: 80, height: 24)
                guard !commands.isEmpty || Renderer.render(state, width: 80, height: 24) != before else { continue }
                #expect(listed.contains(Self.name(key)), "\(key) does something in \(pane) but the help's key column does not list it")
            }
        }
    }

    @Test func everyKeyInTheHelpIsInTheReadmeTable() throws {
        let table = try Self.readmeKeyTable()
        let player = HelpOverlay.replay.dropFirst() + HelpOverlay.tour.dropFirst()
        let replay = player.map { String($0.prefix(20)).trimmingCharacters(in: .whitespaces) }
        for column in Self.helpKeyColumns + replay {
            for token in column.split(separator: " ").map(String.init)
            where token != "/" && token != "or" && !token.hasPrefix("(") {
                #expect(table.contains(token), "the help lists `\(token)` (\(column)); the README's key table does not")
            }
        }
    }
}
