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

/// The inside of a bracketed paste: raw code points until `ESC [ 2 0 1 ~`, or until quiet.
@Suite struct PasteReaderTests {
    static let start = ContinuousClock.now

    static func read(_ text: String, into reader: inout PasteReader) -> [KeyEvent] {
        text.unicodeScalars.flatMap { reader.feed($0.value, at: start) }
    }

    @Test func controlCharactersComeThroughAsCharactersUntilTheEndMarker() {
        var reader = PasteReader(at: Self.start)
        let events = Self.read("search x\r\u{3}\u{1B}[A\u{1B}[201~", into: &reader)
        let text = "search x\r\u{3}\u{1B}[A".unicodeScalars.map { KeyEvent.character(Character($0)) }
        #expect(events == text + [.pasteEnd(cut: false)])
    }

    @Test func aPartialEndMarkerIsPastedText() {
        var reader = PasteReader(at: Self.start)
        let events = Self.read("\u{1B}[20x\u{1B}\u{1B}[201~", into: &reader)
        #expect(events == "\u{1B}[20x\u{1B}".unicodeScalars.map { .character(Character($0)) } + [.pasteEnd(cut: false)])
    }

    @Test func aPasteWithoutAnEndEndsOnceTheTerminalIsQuiet() {
        var reader = PasteReader(at: Self.start)
        #expect(Self.read("ab\u{1B}[2", into: &reader) == [.character("a"), .character("b")])
        #expect(reader.idle(at: Self.start + .milliseconds(100)).isEmpty, "a short gap is not the end")
        let end = reader.idle(at: Self.start + PasteReader.idleLimit)
        #expect(end == [.character("\u{1B}"), .character("["), .character("2"), .pasteEnd(cut: true)])
    }

    @Test func aSurrogateCodeIsDropped() {
        var reader = PasteReader(at: Self.start)
        #expect(reader.feed(0xD800, at: Self.start).isEmpty)
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
        #expect(ClusterSupport.reportedColumns(bytes) == [3, 5])
        #expect(ClusterSupport(measured: ClusterSupport.reportedColumns(bytes).map { $0 - 1 }) == ClusterSupport(measured: [2, 4]))
        #expect(ClusterSupport.reportedColumns(Array("\u{1B}[99999999999999999999;1R".utf8)) == [1], "no overflow")
    }

    @Test func sgrMatchesWhatCursesDraws() {
        let rich = ColorPalette(hasColors: true, hasDefaults: true, pairLimit: 32767, has256Colors: true)
        #expect(rich.sgr(for: .plain) == "\u{1B}[0;39;49m")
        #expect(rich.sgr(for: CellStyle(foreground: .vividMagenta, reverse: true)) == "\u{1B}[0;7;38;5;201;49m")
        #expect(ColorPalette.monochrome.sgr(for: CellStyle(bold: true, underline: true)) == "\u{1B}[0;1;4m")
    }
}
