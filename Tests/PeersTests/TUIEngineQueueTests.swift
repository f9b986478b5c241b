import FrameCore
import Testing
@testable import Peers

/// The queue between the TUI's loop thread and UI thread holds bounded bytes, whatever a peer sends.
@Suite struct TUIEngineQueueTests {
    func event(_ id: Int, _ kind: SessionEvent.Kind) -> SessionEvent { SessionEvent(time: 1, connection: id, kind: kind) }

    @Test func bytesBeyondTheLimitBecomeOneCountedGapPerStream() {
        var queue = TUIEngineQueue(maxBytes: 100_000)
        let chunk = [UInt8](repeating: 1, count: 65_536)
        queue.push(event(1, .opened(side: .client, peer: "p", local: "l")))
        for _ in 0..<256 { queue.push(event(1, .bytes(.in, chunk))) }  // 16 MiB
        queue.push(event(1, .closed(reason: "done")))
        #expect(queue.queuedBytes <= 100_000)
        let (items, dropped) = queue.drain()
        #expect(dropped == 0)
        #expect(items.count == 4, "opened, one chunk kept, one gap, closed")
        guard case let .gap(_, 1, .in, count) = items[2] else { Issue.record("no gap: \(items[2])"); return }
        #expect(count == 255 * 65_536)
        guard case let .session(closed) = items[3], case .closed = closed.kind else { Issue.record("closed lost"); return }
        #expect(queue.drain().events.isEmpty)
        queue.push(event(1, .bytes(.in, chunk)))
        #expect(queue.queuedBytes == 65_536, "the budget is free again after a drain")
    }

    @Test func theTUIClientKeepsAWindowOfAHugeReplyForItsLine() throws {
        let reply = Message(contentType: "binary/custom", contentEncoding: "binary", content: [UInt8](repeating: 0x41, count: 16 << 20))
        var decoder = FrameDecoder(contentWindow: TUIEngineCore.maxLineContent)
        decoder.feed(reply.encoded)
        let line = try AppReply.line(for: try #require(try decoder.next()))
        #expect(line.utf8.count < 1100)
        #expect(line.hasPrefix("Got response: b'AAAA"))
        #expect(line.hasSuffix("… \((16 << 20) - 1000) more bytes"))
    }
}
