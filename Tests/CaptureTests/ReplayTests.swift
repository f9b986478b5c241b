@testable import Capture
import FrameCore
import Testing

@Suite struct RecordedExchangeTests {
    @Test func clientEndsAreUsedWhenPresentElseTheServersSeenFromTheOtherSide() {
        let both = (SessionFixtures.clientSession(id: 1) + SessionFixtures.serverSession(id: 2)).sorted { $0.time < $1.time }
        let expected = [RecordedExchange(connection: 1, request: SessionFixtures.request, reply: SessionFixtures.reply)]
        #expect(RecordedExchange.from(both) == expected)
        #expect(RecordedExchange.from(SessionFixtures.serverSession(id: 7)) ==
                [RecordedExchange(connection: 7, request: SessionFixtures.request, reply: SessionFixtures.reply)])
        #expect(expected[0].summary == "search morpheus")
    }

    @Test func summariesAndDifferencesInWords() {
        let binary = AppRequest(action: "binary", value: "😃").message().encoded
        #expect(RecordedExchange(connection: 1, request: binary, reply: []).summary == "binary/custom-client-binary-type request (10 bytes)")
        #expect(RecordedExchange(connection: 1, request: [0, 0], reply: []).summary
                == "2 bytes, a malformed frame (the proto-header declares a JSON header of 0 bytes, but a header must be a JSON object)")
        #expect(RecordedExchange(connection: 1, request: [0, 9, 0x7B], reply: []).summary == "3 bytes, an incomplete frame")
        let exchange = RecordedExchange(connection: 1, request: [1], reply: [1, 2, 3])
        #expect(exchange.difference(from: [1, 2, 3]) == nil)
        #expect(exchange.difference(from: [1, 9, 3, 4]) == "reply differs: 4 bytes, recorded 3; first difference at byte 1 (got 0x09, recorded 0x02)")
        #expect(exchange.difference(from: [1, 2]) == "reply differs: 2 bytes, recorded 3; first difference at byte 2 (got end, recorded 0x03)")
    }
}

@Suite struct ReplayPlayerTests {
    /// The 1-byte-chunked client session: 147 bytes events … the request completes at its last byte.
    static let session = SessionFixtures.clientSession(chunk: 1)

    @Test func stepOneEventAndOneMessage() {
        var player = ReplayPlayer(events: Self.session)
        #expect(player.statusText == "event 0/\(Self.session.count) · 0.00 s · ❚❚ 1×")
        #expect(player.step() == Self.session[0..<1])
        #expect(player.position == 1)
        // N runs to the event that completes the request: its last byte, after 3 control events and 146 bytes.
        let message = player.stepMessage()
        #expect(message.count == 2 + SessionFixtures.request.count)
        #expect(player.position == 3 + SessionFixtures.request.count)
        // The reply comes in two reads; the second completes it.
        #expect(player.stepMessage().count == 2)
        let before = player.position
        #expect(player.toEnd().count == Self.session.count - before)
        #expect(player.isAtEnd)
        #expect(player.step().isEmpty)
        #expect(player.statusText.hasSuffix("· end"))
        player.toStart()
        #expect(player.position == 0)
    }

    @Test func playingFollowsTheRecordedClockAtTheChosenSpeedWithLongPausesShortened() {
        let events = [
            SessionEvent(time: 100, connection: nil, kind: .log("a")),
            SessionEvent(time: 100.5, connection: nil, kind: .log("b")),
            SessionEvent(time: 160, connection: nil, kind: .log("c")),  // a minute later: played 1 s later
        ]
        var player = ReplayPlayer(events: events)
        #expect(player.advance(by: 10).isEmpty, "paused: nothing is due")
        player.togglePlaying()
        #expect(player.advance(by: 0) == events[0..<1])
        #expect(player.advance(by: 0.4).isEmpty)
        #expect(player.advance(by: 0.1) == events[1..<2])
        player.faster()
        player.faster()
        #expect(player.speed == 4)
        #expect(player.advance(by: 0.2).isEmpty)
        #expect(player.advance(by: 0.05) == events[2..<3])
        #expect(!player.playing, "stops at the end")
        #expect(player.statusText == "event 3/3 · 60.00 s · end")
        player.slower(); player.slower(); player.slower(); player.slower()
        #expect(player.speed == 0.25)
        #expect(ReplayPlayer.speedText(0.25) == "1/4×")
    }
}
