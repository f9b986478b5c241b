/// The request line: its text, cursor and history (Up/Down recall, as in a shell).
public struct ComposerState: Sendable, Equatable {
    public var text = ""
    /// Cursor position in characters.
    public var cursor = 0
    public private(set) var history: [String] = []
    private var historyIndex: Int?
    private var draft = ""

    public init() {}

    mutating func insert(_ c: Character) {
        var chars = Array(text)
        chars.insert(c, at: cursor)
        text = String(chars)
        cursor += 1
    }

    mutating func backspace() {
        guard cursor > 0 else { return }
        var chars = Array(text)
        chars.remove(at: cursor - 1)
        text = String(chars)
        cursor -= 1
    }

    mutating func delete() {
        var chars = Array(text)
        guard cursor < chars.count else { return }
        chars.remove(at: cursor)
        text = String(chars)
    }

    mutating func move(_ delta: Int) { cursor = min(max(0, cursor + delta), text.count) }
    mutating func home() { cursor = 0 }
    mutating func end() { cursor = text.count }
    mutating func clear() { text = ""; cursor = 0 }

    /// Takes the line for sending and records it in the history.
    mutating func submit() -> String {
        let line = text
        if !line.isEmpty, history.last != line { history.append(line) }
        historyIndex = nil
        clear()
        return line
    }

    mutating func recall(older: Bool) {
        guard !history.isEmpty else { return }
        if historyIndex == nil {
            guard older else { return }
            draft = text
            historyIndex = history.count
        }
        let i = historyIndex! + (older ? -1 : 1)
        if i >= history.count {
            historyIndex = nil
            text = draft
        } else {
            historyIndex = max(0, i)
            text = history[historyIndex!]
        }
        cursor = text.count
    }
}
