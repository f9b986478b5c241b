import CNCurses
import TUI
import Testing
@testable import CursesUI

/// The curses key codes → model keys table, without a terminal (the tmux tests cover the rest).
@Suite struct KeyDecoderTests {
    @Test func controlCodesBecomeNamedKeys() {
        #expect(KeyDecoder.character(10) == .enter)
        #expect(KeyDecoder.character(13) == .enter)
        #expect(KeyDecoder.character(9) == .tab)
        #expect(KeyDecoder.character(27) == .escape)
        #expect(KeyDecoder.character(127) == .backspace)
        #expect(KeyDecoder.character(8) == .backspace)
        #expect(KeyDecoder.character(3) == .control("c"))
        #expect(KeyDecoder.character(1) == .control("a"))
        #expect(KeyDecoder.character(21) == .control("u"))
        #expect(KeyDecoder.character(0) == nil)
        #expect(KeyDecoder.character(28) == nil)
    }

    @Test func textArrivesAsCharactersIncludingEmoji() {
        #expect(KeyDecoder.character(UInt32(UInt8(ascii: "q"))) == .character("q"))
        #expect(KeyDecoder.character(0x1F436) == .character("🐶"))
        #expect(KeyDecoder.character(0xE9) == .character("é"))
        #expect(KeyDecoder.character(0xD800) == nil)  // a lone surrogate is no character
    }

    @Test func keyCodes() {
        #expect(KeyDecoder.keyCode(KEY_UP) == .up)
        #expect(KeyDecoder.keyCode(KEY_DOWN) == .down)
        #expect(KeyDecoder.keyCode(KEY_LEFT) == .left)
        #expect(KeyDecoder.keyCode(KEY_RIGHT) == .right)
        #expect(KeyDecoder.keyCode(KEY_NPAGE) == .pageDown)
        #expect(KeyDecoder.keyCode(KEY_PPAGE) == .pageUp)
        #expect(KeyDecoder.keyCode(KEY_HOME) == .home)
        #expect(KeyDecoder.keyCode(KEY_END) == .end)
        #expect(KeyDecoder.keyCode(KEY_BACKSPACE) == .backspace)
        #expect(KeyDecoder.keyCode(KEY_DC) == .delete)
        #expect(KeyDecoder.keyCode(KEY_BTAB) == .backTab)
        #expect(KeyDecoder.keyCode(KEY_ENTER) == .enter)
        #expect(KeyDecoder.keyCode(KEY_RESIZE) == .resize)
        #expect(KeyDecoder.keyCode(sl_key_f(1)) == .function(1))  // F1 opens help from anywhere
        #expect(KeyDecoder.keyCode(sl_key_f(5)) == .function(5))
        #expect(KeyDecoder.keyCode(KEY_MOUSE) == nil)
    }
}

/// The palette gives the projector's vivid colours only to terminals that have 256.
@Suite struct ColorPaletteTests {
    @Test func vividColoursNeed256AndFallBackToTheirBasicHue() {
        let rich = ColorPalette(hasColors: true, hasDefaults: true, pairLimit: 32767, has256Colors: true)
        let poor = ColorPalette(hasColors: true, hasDefaults: true, pairLimit: 63, has256Colors: false)
        #expect(rich.curses(.vividMagenta, isForeground: true) == 201)
        #expect(poor.curses(.vividMagenta, isForeground: true) == Int16(COLOR_MAGENTA))
        #expect(poor.curses(.brightWhite, isForeground: false) == Int16(COLOR_WHITE))
        #expect(rich.curses(.default, isForeground: true) == -1)
    }

    @Test func everyCombinationGetsItsOwnPair() {
        var palette = ColorPalette(hasColors: true, hasDefaults: true, pairLimit: 32767, has256Colors: true)
        var numbers = Set<Int16>()
        for f in TermColor.allCases {
            for b in TermColor.allCases where !(f == .default && b == .default) {
                numbers.insert(palette.pair(for: CellStyle(foreground: f, background: b)))
            }
        }
        #expect(numbers.count == TermColor.allCases.count * TermColor.allCases.count - 1)
    }
}

/// The inside of a bracketed paste: raw bytes until `ESC [ 2 0 1 ~`, or until quiet.
@Suite struct PasteReaderTests {
    static let start = ContinuousClock.now

    /// Feeds `text`'s UTF-8 in chunks of `chunk` bytes; returns the events and the unread bytes.
    static func read(_ text: String, chunk: Int = 64, into reader: inout PasteReader) -> (events: [KeyEvent], unread: [UInt8]) {
        let bytes = Array(text.utf8)
        var events: [KeyEvent] = []
        var offset = 0
        while offset < bytes.count {
            let (more, unread) = reader.feed(bytes: bytes[offset..<min(bytes.count, offset + chunk)], at: start)
            events += more
            offset += chunk
            if !unread.isEmpty || events.last == .pasteEnd(cut: false) { return (events, unread + bytes[min(bytes.count, offset)...]) }
        }
        return (events, [])
    }

    static func characters(_ text: String) -> [KeyEvent] {
        text.unicodeScalars.map { .character(Character($0)) }
    }

    @Test(arguments: [1, 2, 3, 64])
    func controlCharactersComeThroughAsCharactersUntilTheEndMarker(chunk: Int) {
        var reader = PasteReader(at: Self.start)
        let (events, unread) = Self.read("search x\r\u{3}\u{1B}[A 🐶é\u{1B}[201~", chunk: chunk, into: &reader)
        #expect(events == Self.characters("search x\r\u{3}\u{1B}[A 🐶é") + [.pasteEnd(cut: false)])
        #expect(unread.isEmpty)
    }

    @Test func bytesAfterTheEndMarkerAreNotPasted() {
        var reader = PasteReader(at: Self.start)
        let (events, unread) = reader.feed(bytes: Array("ab\u{1B}[201~q\u{1B}[A".utf8), at: Self.start)
        #expect(events == Self.characters("ab") + [.pasteEnd(cut: false)])
        #expect(unread == Array("q\u{1B}[A".utf8), "given back to curses, to be read as keys")
    }

    @Test func aPartialEndMarkerIsPastedText() {
        var reader = PasteReader(at: Self.start)
        let (events, _) = Self.read("\u{1B}[20x\u{1B}\u{1B}[201~", into: &reader)
        #expect(events == Self.characters("\u{1B}[20x\u{1B}") + [.pasteEnd(cut: false)])
    }

    @Test func brokenUTF8BecomesReplacementCharacters() {
        var reader = PasteReader(at: Self.start)
        let bytes: [UInt8] = [0x61, 0xFF, 0xE2, 0x82, 0x62, 0xED, 0xA0, 0x80, 0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]
        let (events, _) = reader.feed(bytes: bytes, at: Self.start)
        #expect(events.first == .character("a") && events.contains(.character("b")))
        #expect(!events.contains { if case let .character(c) = $0 { return c.unicodeScalars.contains { (0xD800...0xDFFF).contains($0.value) } }; return false })
        #expect(events.filter { $0 == .character("\u{FFFD}") }.count >= 3, "\(events)")
        #expect(events.last == .pasteEnd(cut: false))
    }

    @Test func aPasteWithoutAnEndEndsOnceTheTerminalIsQuiet() {
        var reader = PasteReader(at: Self.start)
        #expect(reader.feed(bytes: Array("ab\u{1B}[2".utf8) + [0xF0, 0x9F], at: Self.start).events == [.character("a"), .character("b")])
        #expect(reader.idle(at: Self.start + .milliseconds(100)).isEmpty, "a short gap is not the end")
        let end = reader.idle(at: Self.start + PasteReader.idleLimit)
        #expect(end == Self.characters("\u{1B}[2\u{FFFD}") + [.pasteEnd(cut: true)])
    }
}

/// Which emoji sequences the painter draws whole, from what the probe measured.
@Suite struct ClusterSupportTests {
    static let technologist = "\u{1F469}\u{200D}\u{1F4BB}"
    static let thumbs = "\u{1F44D}\u{1F3FD}"
    static let runner = "\u{1F3C3}\u{1F3FD}\u{200D}\u{2640}\u{FE0F}"  // both kinds

    @Test func onlyTheKindsTheTerminalJoins() {
        let tmuxLike = ClusterSupport(measured: [2, 4])
        #expect(tmuxLike.drawsWhole(Self.technologist))
        #expect(!tmuxLike.drawsWhole(Self.thumbs), "a modifier drawn as a second emoji would push the line")
        #expect(!tmuxLike.drawsWhole(Self.runner))
        let full = ClusterSupport(measured: [2, 2])
        #expect(full.drawsWhole(Self.thumbs) && full.drawsWhole(Self.runner))
        let silent = ClusterSupport(measured: [])
        #expect(!silent.drawsWhole(Self.technologist))
        // What curses keeps by itself is never drawn over.
        #expect(!full.drawsWhole("e\u{301}") && !full.drawsWhole("\u{1F436}") && !full.drawsWhole("\u{1F3FD}"))
    }

    @Test func cursorReportsAreParsedInOrderAmongOtherBytes() {
        let bytes = Array("x\u{1B}[12;3R\u{1B}[A\u{1B}[7;5Rz\u{1B}[9;".utf8)
        #expect(ClusterSupport.probeInput(bytes).columns == [3, 5])
        #expect(ClusterSupport(measured: ClusterSupport.probeInput(bytes).columns.map { $0 - 1 }) == ClusterSupport(measured: [2, 4]))
        #expect(ClusterSupport.probeInput(Array("\u{1B}[99999999999999999999;1R".utf8)).columns == [1], "no overflow")
    }

    @Test func keysTypedDuringTheProbeAreHandedBackWithoutTheReports() {
        let typedAmongReports = Array("se\u{1B}[12;3Rarch \u{1B}[12;5Ré\r".utf8)
        #expect(ClusterSupport.probeInput(typedAmongReports).typed == Array("search é\r".utf8))
        // An arrow key (or an unfinished report) cannot go back as a key: typed text stops there.
        #expect(ClusterSupport.probeInput(Array("ab\u{1B}[A\u{1B}[1;3Rcd".utf8)) == ([3], Array("ab".utf8)))
        #expect(ClusterSupport.probeInput(Array("ab\u{1B}[9;".utf8)).typed == Array("ab".utf8))
        #expect(ClusterSupport.probeInput(Array("ab\u{1B}".utf8)).typed == Array("ab".utf8))
    }

    @Test func sgrMatchesWhatCursesDraws() {
        let rich = ColorPalette(hasColors: true, hasDefaults: true, pairLimit: 32767, has256Colors: true)
        #expect(rich.sgr(for: .plain) == "\u{1B}[0;39;49m")
        #expect(rich.sgr(for: CellStyle(foreground: .vividMagenta, reverse: true)) == "\u{1B}[0;7;38;5;201;49m")
        #expect(ColorPalette.monochrome.sgr(for: CellStyle(bold: true, underline: true)) == "\u{1B}[0;1;4m")
    }
}
