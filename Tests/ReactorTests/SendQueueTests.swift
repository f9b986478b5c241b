import Testing
@testable import Reactor

@Suite struct SendQueueTests {
    /// A fake socket: takes at most the next allowance of bytes (nil = would block).
    final class FakeSocket {
        var allowances: [Int?]
        var sent: [UInt8] = []
        var spanCounts: [Int] = []

        init(_ allowances: [Int?]) {
            self.allowances = allowances
        }

        func write(_ spans: UnsafeBufferPointer<UnsafeRawBufferPointer>) -> IOResult {
            spanCounts.append(spans.count)
            guard let allowance = allowances.isEmpty ? Int.max : allowances.removeFirst() else {
                return .wouldBlock
            }
            var left = allowance
            var taken = 0
            for span in spans where left > 0 {
                let part = span.prefix(left)
                sent += part
                taken += part.count
                left -= part.count
            }
            return .processed(taken)
        }
    }

    @Test func partialWritesKeepTheRestInOrder() throws {
        var queue = SendQueue()
        queue.append(Array("Message 1 from client.".utf8))
        queue.append(Array("Message 2 from client.".utf8))
        #expect(queue.count == 44)
        let socket = FakeSocket([1, 3, nil, 0, 5, 2])
        var rounds = 0
        while !queue.isEmpty {
            _ = try queue.drain { spans throws(SocketError) in socket.write(spans) }
            rounds += 1
            #expect(queue.count == 44 - socket.sent.count)
        }
        #expect(socket.sent == Array("Message 1 from client.Message 2 from client.".utf8))
        #expect(rounds > 1)
    }

    @Test func aSoleChunkGoesOutInOneWriteAndAShortWriteKeepsTheRest() throws {
        var queue = SendQueue()
        queue.append(Array("reply".utf8))
        #expect(queue.holdsOneChunk)
        let socket = FakeSocket([2, nil, 0, 10])
        let sendOnce = { (queue: inout SendQueue) throws(SocketError) -> SendQueue.DrainResult in
            try queue.sendSole { bytes throws(SocketError) in
                withUnsafePointer(to: bytes) { socket.write(UnsafeBufferPointer(start: $0, count: 1)) }
            }
        }
        #expect(try sendOnce(&queue) == SendQueue.DrainResult(bytes: 2, writes: 1))
        #expect(queue.count == 3)
        #expect(try sendOnce(&queue) == SendQueue.DrainResult())  // would block: all kept
        #expect(try sendOnce(&queue) == SendQueue.DrainResult())  // took nothing
        #expect(queue.count == 3)
        #expect(try sendOnce(&queue) == SendQueue.DrainResult(bytes: 3, writes: 1))
        #expect(queue.isEmpty && !queue.holdsOneChunk)
        #expect(socket.sent == Array("reply".utf8))
        queue.append(Array("a".utf8))
        queue.append(Array("b".utf8))
        #expect(!queue.holdsOneChunk)
    }

    @Test func aSoleChunkWriteErrorIsThrownAndLosesNothing() throws {
        var queue = SendQueue()
        queue.append(Array("reply".utf8))
        #expect(throws: SocketError.self) {
            try queue.sendSole { _ throws(SocketError) in throw SocketError.system(call: "send", errno: 32) }
        }
        #expect(queue.count == 5)
    }

    @Test func severalChunksGoOutInOneGatheringWrite() throws {
        var queue = SendQueue()
        for index in 0..<5 {
            queue.append([UInt8](repeating: UInt8(index), count: 10))
        }
        let socket = FakeSocket([])
        let result = try queue.drain { spans throws(SocketError) in socket.write(spans) }
        #expect(result == SendQueue.DrainResult(bytes: 50, writes: 1))
        #expect(socket.spanCounts == [5])
        #expect(queue.isEmpty)
        #expect(socket.sent == (0..<5).flatMap { [UInt8](repeating: UInt8($0), count: 10) })
    }

    @Test func aWriteInsideAChunkResumesAtTheOffset() throws {
        var queue = SendQueue()
        queue.append(Array("abcdef".utf8))
        queue.append(Array("gh".utf8))
        let socket = FakeSocket([4, nil])
        let first = try queue.drain { spans throws(SocketError) in socket.write(spans) }
        #expect(first == SendQueue.DrainResult(bytes: 4, writes: 1))
        #expect(queue.count == 4)
        let second = try queue.drain { spans throws(SocketError) in socket.write(spans) }
        #expect(second == SendQueue.DrainResult(bytes: 0, writes: 0))
        _ = try queue.drain { spans throws(SocketError) in
            #expect(spans.count == 2)
            #expect(Array(spans[0]) == Array("ef".utf8))
            return socket.write(spans)
        }
        #expect(String(decoding: socket.sent, as: UTF8.self) == "abcdefgh")
    }

    @Test func manyChunksAreOfferedInBoundedBatches() throws {
        var queue = SendQueue()
        for _ in 0..<40 {
            queue.append([1, 2, 3])
        }
        let socket = FakeSocket([])
        let result = try queue.drain { spans throws(SocketError) in socket.write(spans) }
        #expect(result.bytes == 120)
        #expect(socket.spanCounts == [16, 16, 8])
    }

    @Test func writeErrorsPropagateAndKeepTheQueue() {
        var queue = SendQueue()
        queue.append([1, 2, 3])
        #expect(throws: SocketError.brokenPipe) {
            try queue.drain { _ throws(SocketError) -> IOResult in throw .brokenPipe }
        }
        #expect(queue.count == 3)
    }

    @Test func emptyChunksAreIgnored() throws {
        var queue = SendQueue()
        queue.append([])
        queue.append(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(queue.isEmpty)
        let result = try queue.drain { _ throws(SocketError) -> IOResult in
            Issue.record("nothing to write")
            return .wouldBlock
        }
        #expect(result.writes == 0)
    }
}
