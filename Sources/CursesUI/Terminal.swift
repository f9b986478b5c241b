import CNCurses
import CTerminalGuard
import Glibc
import TUI

/// The terminal while the TUI owns it: curses set up for a full-screen UI, painting of
/// `Grid`s and reading of keys. Everything the user sees is decided by the pure `TUI`
/// model; this type only moves its cells to the screen, so it holds no protocol logic.
///
/// Not `Sendable` on purpose: curses is one global, single-threaded state, so the one event-loop
/// thread that creates a `Terminal` is the only one that may touch it.
public final class Terminal {
    /// The curses screen; nil once `shutdown()` has run.
    private var screen: OpaquePointer?
    var palette: ColorPalette
    /// What is on the screen now, to redraw only the cells that changed.
    var painted: Grid?
    /// Set after a resize: curses' idea of the screen no longer matches the terminal's.
    var needsFullRepaint = true

    /// True when cells are drawn in colour; false means attributes only (NO_COLOR, monochrome).
    public var colorsEnabled: Bool { palette.hasColors }
    /// True when the terminal reports mouse clicks (`readKey` can return `.click`).
    public private(set) var mouseEnabled = false
    /// True once the terminal has gone away (window closed, ssh dropped) while SIGHUP did not
    /// end the program (e.g. under nohup): there is nobody left to draw for, so quit.
    public private(set) var isHungUp = false
    /// The key codes curses returns for the bracketed-paste markers (see `definePasteKeys`).
    private var pasteKeys: (start: Int32, end: Int32)?
    /// Set between a paste's start and end: its characters are read raw, never as keys.
    private var paste: PasteReader?
    /// Events already decoded but not yet returned (the rest of a chunk of a paste).
    private var pendingKeys: [KeyEvent] = []
    /// Which emoji sequences `paint` may draw whole (measured at start).
    var clusters = ClusterSupport()

    /// Takes over the terminal. `colors: false` draws attributes only, for NO_COLOR or
    /// monochrome displays; with `true`, colours are still skipped if the terminal has none.
    ///
    /// Uses `newterm` rather than `initscr` because `initscr` exits the process when the
    /// terminal is unusable, where `newterm` lets us throw a readable error.
    public init(colors: Bool) throws {
        Self.selectUTF8Locale()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        // Before newterm: ncurses then leaves SIGINT/SIGTERM to us instead of installing its own
        // handler (which exits with status 1, hiding that a signal ended the program).
        sl_install_terminal_guard()
        let term = getenv("TERM").map { String(cString: $0) }
        guard let screen = sl_newterm() else { throw TerminalError.cannotInitialize(term: term) }
        guard sl_has_cursor_addressing() != 0 else {
            endwin()
            delscreen(screen)
            throw TerminalError.noCursorAddressing(term: term)
        }
        self.screen = screen
        sl_set_curses_active(1)

        // Esc must feel instant; curses waits this long to tell Esc from an escape sequence.
        set_escdelay(25)
        let window = sl_stdscr()
        raw()                      // Ctrl-C, Ctrl-Z, Ctrl-S arrive as keys, not signals
        noecho()
        // In raw mode and before curses reads a key: the terminal's answers stay out of the key path.
        clusters = ClusterSupport.probe()
        nonl()                     // Enter arrives as 13 and "\n" does not move the cursor
        keypad(window, true)       // arrows, F-keys, Home/End as single key codes
        intrflush(window, false)
        leaveok(window, true)      // the cursor is hidden, so do not spend bytes moving it
        scrollok(window, false)
        curs_set(0)
        palette = colors ? ColorPalette.start() : .monochrome
        let wanted = sl_button1_pressed() | sl_button1_clicked() | sl_wheel_up() | sl_wheel_down()
        mouseEnabled = mousemask(wanted, nil) & wanted != 0
        mouseinterval(0)           // report presses at once instead of waiting to build clicks
        // The keypad's Enter in application mode; tmux-256color's terminfo does not list it.
        define_key("\u{1B}OM", KEY_ENTER)
        pasteKeys = Self.definePasteKeys()
        if pasteKeys != nil { sl_enable_bracketed_paste() }
    }

    /// Teaches curses the bracketed-paste markers `ESC[200~` and `ESC[201~` as two key codes of
    /// our own (no terminfo entry names them), picked among codes no key uses yet. Nil if
    /// curses refuses: then bracketed paste stays off and a paste is typed text, as before.
    private static func definePasteKeys() -> (start: Int32, end: Int32)? {
        let free = (0x1000..<0x1100).lazy.map(Int32.init).filter { has_key($0) == 0 }
        var codes = free.makeIterator()
        guard let start = codes.next(), let end = codes.next(),
              define_key("\u{1B}[200~", start) == OK, define_key("\u{1B}[201~", end) == OK else { return nil }
        return (start, end)
    }

    deinit { shutdown() }

    /// The terminal's size in cells, as curses knows it (updated when `.resize` is read).
    public var size: (width: Int, height: Int) {
        guard screen != nil else { return (0, 0) }
        let window = sl_stdscr()
        return (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Gives the terminal back: ends curses, restores echo, line mode and the cursor. Safe to
    /// call more than once; also runs from `deinit`, from exit and on fatal signals.
    public func shutdown() {
        guard let screen else { return }
        sl_restore_terminal()
        delscreen(screen)
        self.screen = nil
        painted = nil
    }

    /// Waits up to `timeoutMilliseconds` (negative: forever) for a key or mouse click.
    /// Returns nil when nothing the model understands arrived in time.
    /// Inside a bracketed paste every pasted character comes back as `.character`, control
    /// characters included, between `.pasteStart` and `.pasteEnd`.
    public func readKey(timeoutMilliseconds: Int) -> KeyEvent? {
        guard screen != nil else { return nil }
        if !pendingKeys.isEmpty { return pendingKeys.removeFirst() }
        if paste != nil { return readPasted(timeoutMilliseconds: timeoutMilliseconds) }
        let window = sl_stdscr()
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var code: wint_t = 0
        switch wget_wch(window, &code) {
        case OK:
            // A terminal's answer (a late cursor report) starts with an ESC: dropped, never keys.
            if code == 27, dropsTerminalAnswer() { return readKey(timeoutMilliseconds: 0) }
            return KeyDecoder.character(UInt32(code))
        case KEY_CODE_YES:
            let key = Int32(bitPattern: UInt32(code))
            if key == KEY_MOUSE { return readClick() }
            if key == pasteKeys?.start {
                // From here the paste is read from the terminal directly (see `readPasted`).
                paste = PasteReader(at: .now)
                return .pasteStart
            }
            if key == pasteKeys?.end { return nil }  // an end without a start: nothing to end
            let event = KeyDecoder.keyCode(key)
            if event == .resize { needsFullRepaint = true }
            return event
        default:
            // A hung-up terminal makes wget_wch fail at once; without this pause a caller's
            // read-paint loop would spin at full CPU.
            if sl_input_hung_up() != 0 {
                isHungUp = true
                usleep(UInt32(timeoutMilliseconds < 0 ? 1000 : min(timeoutMilliseconds, 1000)) * 1000)
            }
            return nil
        }
    }

    /// How long to wait for each next character of a possible terminal answer after an ESC: as
    /// long as curses waits to tell a lone Esc from a key's sequence.
    static let answerWaitMilliseconds: Int32 = 25

    /// After an ESC: reads on while what follows can still be a terminal answer (`TerminalAnswer`).
    /// True when a whole answer was read (and so dropped); otherwise what was read is pushed back
    /// for curses to return as it would have (a lone Esc pays nothing: curses already waited).
    private func dropsTerminalAnswer() -> Bool {
        let window = sl_stdscr()
        wtimeout(window, Self.answerWaitMilliseconds)
        var answer = TerminalAnswer.start
        var read: [wchar_t] = []
        var keyCode: Int32?
        while answer != .complete, answer != .notAnAnswer {
            var code: wint_t = 0
            let result = wget_wch(window, &code)
            if result == KEY_CODE_YES { keyCode = Int32(bitPattern: UInt32(code)) }
            guard result == OK else { break }
            read.append(wchar_t(bitPattern: code))
            answer = answer.feeding(UInt32(code))
        }
        if answer == .complete { return true }
        // Pushed back last first; curses returns them in their order, already decoded.
        if let keyCode { ungetch(keyCode) }
        for code in read.reversed() { unget_wch(code) }
        return false
    }

    /// Bytes read from the terminal at a time during a paste: what follows the end marker in the
    /// last read goes back to curses with `ungetch`, whose queue holds at least this many.
    static let pasteReadBytes = 64

    /// One step of a paste: the next pasted character (or the paste's end), nil when nothing
    /// came in time. Reads standard input itself, `pasteReadBytes` at a time: curses' queue is
    /// empty right after it matched the start marker (it reads a byte at a time and stops at a
    /// whole key). Ends a cut-off paste once the terminal has been quiet for the idle limit, and
    /// at once when it has gone away. A resize meanwhile is reported by curses after the paste.
    private func readPasted(timeoutMilliseconds: Int) -> KeyEvent? {
        let idle = PasteReader.idleMilliseconds
        let wait = Int32(clamping: timeoutMilliseconds < 0 ? idle : min(timeoutMilliseconds, idle))
        switch TerminalInput.read(upTo: Self.pasteReadBytes, waitingMilliseconds: wait) {
        case .bytes(let chunk):
            let (events, unread) = paste!.feed(bytes: chunk, at: .now)
            pendingKeys = events
            // Pushed back last byte first: curses reads them in their order, as keys.
            for byte in unread.reversed() { ungetch(Int32(byte)) }
        case .closed:
            pendingKeys = paste!.end()  // the terminal has gone away
        case .nothing:
            pendingKeys = paste!.idle(at: .now)
        }
        if case .pasteEnd? = pendingKeys.last { paste = nil }
        return pendingKeys.isEmpty ? nil : pendingKeys.removeFirst()
    }

    /// Rows one wheel notch scrolls.
    static let wheelRows = 3

    /// A button-1 press or click, or a wheel notch, from the pending mouse event; other mouse
    /// events are dropped.
    private func readClick() -> KeyEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let (x, y) = (Int(event.x), Int(event.y))
        if event.bstate & sl_wheel_up() != 0 { return .wheel(x: x, y: y, delta: -Self.wheelRows) }
        if event.bstate & sl_wheel_down() != 0 { return .wheel(x: x, y: y, delta: Self.wheelRows) }
        guard event.bstate & (sl_button1_pressed() | sl_button1_clicked()) != 0 else { return nil }
        return .click(x: x, y: y)
    }

    /// ncurses draws wide characters only in a UTF-8 locale. Take the user's locale; if it is not
    /// UTF-8 (LANG unset in a container), use C.UTF-8 for characters, which every glibc has.
    private static func selectUTF8Locale() {
        setlocale(LC_ALL, "")
        if sl_locale_is_utf8() != 0 { return }
        setlocale(LC_CTYPE, "C.UTF-8")
    }
}
