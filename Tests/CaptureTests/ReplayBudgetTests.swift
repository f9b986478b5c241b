@testable import Capture
import FrameCore
import Testing

/// `CaptureLimits.replayBudget` with a tiny budget: the file's first part is kept in order, the
/// rest left out and said, for JSON Lines and pcap alike (the 5,000,000-event files that motivate
/// it are measured outside the tests; see Benchmarks/README / the notes).
@Suite struct ReplayBudgetTests {
    /// The cost of the first `count` events: a budget that holds exactly them.
    private func budget(for events: [SessionEvent], count: Int) -> Int {
        events.prefix(count).reduce(0) { $0 + ReplayBudget.cost(of: $1) }
    }

    @Test func aJSONLinesFileOverTheBudgetKeepsItsFirstEventsAndSaysWhereItStopped() throws {
        let file = SessionFixtures.encode(SessionFixtures.clientSession(chunk: 1), with: JSONLinesWriter())
        let all = try JSONLinesReader.read(file)
        #expect(all.count > 100)
        let whole = try JSONLinesReader.contents(file, limits: CaptureLimits(replayBudget: budget(for: all, count: all.count)))
        #expect(whole.cut == nil && whole.events == all)

        let kept = all.count / 2
        let limits = CaptureLimits(replayBudget: budget(for: all, count: kept))
        let contents = try JSONLinesReader.contents(file, limits: limits)
        #expect(contents.events == Array(all.prefix(kept)))
        let cut = try #require(contents.cut)
        // The cut is at the start of the first line left out: the header line plus `kept` lines before it.
        let lineStarts = [0] + file.indices.filter { file[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
        #expect(cut == CaptureContents.Cut(keptEvents: kept, offset: lineStarts[kept + 1], fileSize: file.count,
                                           budget: limits.replayBudget))
        #expect(cut.description.hasPrefix("replaying the first \(kept) events, read from the first \(cut.offset) of \(file.count) bytes"))
        #expect(cut.description.contains("the rest exceeds the \(limits.replayBudget)-byte replay budget"))
        #expect(CaptureContents.Cut(keptEvents: 1, offset: 1, fileSize: 4, budget: 256 << 20).description
            .contains("(25%); the rest exceeds the 256 MiB replay budget"))
    }

    @Test func linesAfterTheCutAreNotRead() throws {
        var file = SessionFixtures.encode(SessionFixtures.clientSession(), with: JSONLinesWriter())
        let all = try JSONLinesReader.read(file)
        file += Array("not json\n".utf8)
        #expect(throws: CaptureError.self) { try JSONLinesReader.read(file) }
        let contents = try JSONLinesReader.contents(file, limits: CaptureLimits(replayBudget: budget(for: all, count: 3)))
        #expect(contents.events == Array(all.prefix(3)))
        #expect(contents.cut?.keptEvents == 3)
    }

    @Test func aPcapOverTheBudgetKeepsItsFirstEventsAndClosesWhatWasOpen() throws {
        let file = SessionFixtures.encode(SessionFixtures.clientSession(chunk: 1), with: PcapWriter())
        let all = try CaptureReader.events(file)
        #expect(all.count > 100)
        #expect(try CaptureReader.contents(file).cut == nil)

        let kept = all.count / 2
        let limits = CaptureLimits(replayBudget: budget(for: all, count: kept))
        let contents = try CaptureReader.contents(file, limits: limits)
        // The first part in order, then the open connection closed with why.
        #expect(Array(contents.events.dropLast()) == Array(all.prefix(kept)))
        #expect(contents.events.last == SessionEvent(time: all[kept - 1].time, connection: 1,
                                                     kind: .closed(reason: "the rest of the capture is past the replay budget")))
        let cut = try #require(contents.cut)
        #expect(cut.keptEvents == kept && cut.fileSize == file.count && cut.budget == limits.replayBudget)
        // Reading stopped at the record of the packet whose event did not fit: about halfway, not at the end.
        #expect(cut.offset > 24 && cut.offset < file.count * 3 / 4)
    }

    @Test func aPcapngOverTheBudgetStopsAtAPacketBlock() throws {
        let file = ForeignCaptureTests.pcapng(ForeignCaptureTests.conversation(chunks: 40), link: .raw)
        let all = try CaptureReader.events(file)
        #expect(all.count > 40)
        let kept = all.count / 2
        let contents = try CaptureReader.contents(file, limits: CaptureLimits(replayBudget: budget(for: all, count: kept)))
        #expect(Array(contents.events.dropLast()) == Array(all.prefix(kept)))
        let cut = try #require(contents.cut)
        #expect(cut.keptEvents == kept)
        // The rest starts at an enhanced packet block (type 6), the one whose event did not fit.
        #expect(Array(file[cut.offset..<(cut.offset + 4)]) == [6, 0, 0, 0])
    }

    @Test func onceAnEventDoesNotFitNothingAfterItIsKept() {
        let big = SessionEvent(time: 0, connection: 1, kind: .bytes(.out, Array(repeating: 7, count: 1000)))
        let small = SessionEvent(time: 1, connection: 1, kind: .bytes(.out, [7]))
        var budget = ReplayBudget(limit: ReplayBudget.cost(of: small) * 3)
        let admitted = [budget.admit(small), budget.admit(big), budget.admit(small)]
        // A later small event would leave a hole where the big one was.
        #expect(admitted == [true, false, false])
        #expect(budget.kept == 1 && budget.isFull && budget.used == ReplayBudget.eventOverhead + 1)
    }
}
