/// The request line: its text, cursor and history (Up/Down recall, as in a shell).
///
/// The text and the cursor count the same unit, the `Character` (a grapheme cluster, what the
/// user sees as one character). A key can carry a code point that joins the character before
/// it (a combining accent, an emoji skin tone, the second half of a flag, a Hangul jamo): the
/// text then has no more characters than before, and the cursor stays on the joined one.
/// Typing at the end of the line (every character of a paste) costs O(1): the character count
/// is kept, never recounted from the whole line.
public struct ComposerState: Sendable, Equatable {
    public private(set) var text = ""
    /// Cursor position in characters, `0...count`.
    public private(set) var cursor = 0
    /// `text.count`, kept so that typing at the end does not walk the whole line.
    public private(set) var count = 0
    public private(set) var history: [String] = []
    private var historyIndex: Int?
    private var draft = ""

    public init() {}

    mutating func insert(_ c: Character) {
        if cursor == count {
            // What the new character does to the line is decided by the one before it: if the
            // last character is now exactly `c`, it stood alone; otherwise it joined the previous one.
            text.append(c)
            if text.last == c { count += 1 }
            cursor = count
            return
        }
        let at = text.index(text.startIndex, offsetBy: cursor)
        let before = String(text[..<at]) + String(c)
        text = before + text[at...]
        count = text.count
        cursor = min(before.count, count)
    }

    mutating func backspace() {
        guard cursor > 0 else { return }
        if cursor == count {
            text.removeLast()
            count -= 1
            cursor = count
            return
        }
        let at = text.index(text.startIndex, offsetBy: cursor)
        text.remove(at: text.index(before: at))
        count = text.count
        cursor = min(cursor - 1, count)
    }

    mutating func delete() {
        guard cursor < count else { return }
        text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        count = text.count
        cursor = min(cursor, count)
    }

    mutating func move(_ delta: Int) { cursor = min(max(0, cursor + delta), count) }
    mutating func home() { cursor = 0 }
    mutating func end() { cursor = count }
    mutating func clear() { set("") }

    /// Replaces the whole line, cursor at its end.
    mutating func set(_ line: String) {
        text = line
        count = line.count
        cursor = count
    }

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
            set(draft)
        } else {
            historyIndex = max(0, i)
            set(history[historyIndex!])
        }
    }
}
