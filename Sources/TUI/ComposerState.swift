/// The request line: its text, cursor and history (Up/Down recall, as in a shell).
///
/// The text and the cursor count the same unit, the `Character` (a grapheme cluster, what the
/// user sees as one character). A key can carry a code point that joins the character before
/// it (a combining accent, an emoji skin tone, the second half of a flag, a Hangul jamo): the
/// text then has no more characters than before, and the cursor stays on the joined one.
/// Typing at the end of the line (every character of a paste) costs O(1): the character count
/// is kept, never recounted from the whole line.
///
/// The line holds at most `maxCount` characters and the history its newest `historyLimit`
/// lines, so a pasted megabyte (or many) stays bounded.
public struct ComposerState: Sendable, Equatable {
    public static let historyLimit = 100
    public private(set) var text = ""
    /// Cursor position in characters, `0...count`.
    public private(set) var cursor = 0
    /// `text.count`, kept so that typing at the end does not walk the whole line.
    public private(set) var count = 0
    public private(set) var history: [String] = []
    private var historyIndex: Int?
    private var draft = ""
    /// The most characters the line takes; `insert` refuses more.
    public let maxCount: Int

    public init(maxCount: Int = TUILimits().composerCharacters) {
        self.maxCount = max(1, maxCount)
    }

    /// True when the line is full: `insert` would refuse the next character.
    public var isFull: Bool { count >= maxCount }

    /// Inserts `c` at the cursor; false (and nothing changes) when the line is full.
    @discardableResult
    mutating func insert(_ c: Character) -> Bool {
        guard !isFull else { return false }
        if cursor == count {
            // What the new character does to the line is decided by the one before it: if the
            // last character is now exactly `c`, it stood alone; otherwise it joined the previous one.
            text.append(c)
            if text.last == c { count += 1 }
            cursor = count
            return true
        }
        let at = text.index(text.startIndex, offsetBy: cursor)
        let before = String(text[..<at]) + String(c)
        text = before + text[at...]
        count = text.count
        cursor = min(before.count, count)
        return true
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

    /// Replaces the whole line (cut at `maxCount`), cursor at its end.
    mutating func set(_ line: String) {
        text = line.count > maxCount ? String(line.prefix(maxCount)) : line
        count = text.count
        cursor = count
    }

    /// Takes the line for sending and records it in the history (the oldest line goes once
    /// the history holds `historyLimit`).
    mutating func submit() -> String {
        let line = text
        if !line.isEmpty, history.last != line {
            if history.count >= Self.historyLimit { history.removeFirst(history.count - Self.historyLimit + 1) }
            history.append(line)
        }
        historyIndex = nil
        clear()
        return line
    }

    /// Puts an unsent line in the history and empties the line; false when it was empty.
    mutating func stash() -> Bool {
        guard !text.isEmpty else { return false }
        _ = submit()
        return true
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
