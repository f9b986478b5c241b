import Testing
@testable import CursesUI

/// What follows an ESC: a terminal's own answers (dropped by `Terminal.readKey`) against keys
/// of the same shape (kept). The tmux test `lateCursorReportsAreNotKeys` covers a real terminal.
@Suite struct TerminalAnswerTests {
    private func answer(_ text: String) -> Bool {
        TerminalAnswer.isAnswer(text.unicodeScalars.map(\.value))
    }

    @Test func cursorReportsDeviceAttributesStatusModeAndFocusAreAnswers() {
        #expect(answer("[12;40R"), "the probe's late cursor position report")
        #expect(answer("[1;1R") && answer("[999;9999R"))
        #expect(answer("[?12;40;1R"), "DECXCPR with a page")
        #expect(answer("[?64;1;2;6;22c") && answer("[?6c") && answer("[>41;354;0c") && answer("[>c"))
        #expect(answer("[0n") && answer("[3n"))
        #expect(answer("[?2004;2$y"))
        #expect(answer("[I") && answer("[O"))
    }

    @Test func keysOfTheSameShapeStayKeys() {
        #expect(!answer(""), "a lone Esc")
        #expect(!answer("[A") && !answer("[1;5A") && !answer("[15~") && !answer("[200~"))
        #expect(!answer("[c"), "rxvt's Shift-Right")
        #expect(!answer("[12R") && !answer("[1;2;3R"), "a report has a row and a column")
        #expect(!answer("[12;40"), "unfinished")
        #expect(!answer("[12;40Rx"), "more after the answer is not one answer")
        #expect(!answer("x[12;40R") && !answer("O") && !answer("[2I"))
        #expect(!answer("[?1;2$c") && !answer("[$y"))
    }

    @Test func theLookAheadIsBounded() {
        let long = "[" + String(repeating: "1", count: TerminalAnswer.maxLength) + ";1R"
        #expect(!answer(long))
        var state = TerminalAnswer.start
        for code in long.unicodeScalars.map(\.value) { state = state.feeding(code) }
        #expect(state == .notAnAnswer, "stops reading once too long, whatever follows")
    }

    @Test func theAnswerIsKnownCompleteAtItsLastCharacter() {
        var state = TerminalAnswer.start
        for code in "[12;40".unicodeScalars.map(\.value) {
            state = state.feeding(code)
            #expect(state != .complete && state != .notAnAnswer, "still reading")
        }
        #expect(state.feeding(UInt32(UInt8(ascii: "R"))) == .complete, "no wait for more after the R")
    }
}
