import Testing
@testable import FrameCore

/// `contentWindow`: a viewer's decoder follows content of any declared length in bounded memory.
@Suite struct ContentWindowTests {
    static func frame(contentLength: Int, content: [UInt8]) -> [UInt8] {
        let header = JSONHeader(byteorder: "little", contentType: "binary/x", contentEncoding: "binary", contentLength: contentLength)
        return Message(header: header, headerBytes: header.encoded, content: content).encoded
    }

    @Test func aHugeDeclaredLengthIsCountedNotReserved() throws {
        var decoder = FrameDecoder(limits: FrameLimits(maxContentLength: Int.max), recordsSpans: true)
        decoder.contentWindow = 16
        decoder.feed(Self.frame(contentLength: 999_999_999_999_999_999, content: Array(repeating: 7, count: 100)))
        #expect(try decoder.next() == nil)
        #expect(decoder.progress == DecoderProgress(message: 0, part: .content, have: 100, need: 999_999_999_999_999_999))
        #expect(decoder.buffered == 0, "content is counted, not kept")
        #expect(decoder.pendingSpan == nil, "counted content was reported as a span")
        #expect(decoder.takeSpans().last?.part == .content)
    }

    @Test(arguments: [1, 7, 4096])
    func messagesSplitAnyWayKeepTheirPrefixAndLength(chunk: Int) throws {
        let content = (0..<10_000).map { UInt8($0 % 251) }
        let bytes = Self.frame(contentLength: content.count, content: content) + Self.frame(contentLength: 3, content: [1, 2, 3])
        var decoder = FrameDecoder(recordsSpans: true)
        decoder.contentWindow = 100
        var messages: [Message] = []
        var spanned = 0
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            decoder.feed(bytes[start..<min(bytes.count, start + chunk)])
            while let m = try decoder.next() { messages.append(m) }
            spanned = (decoder.takeSpans().last?.range.upperBound).map { max(spanned, $0) } ?? spanned
        }
        #expect(messages.count == 2)
        #expect(messages[0].content == Array(content.prefix(100)))
        #expect(messages[0].header.contentLength == 10_000)
        #expect(messages[1].content == [1, 2, 3])
        #expect(spanned == bytes.count, "every byte is classified")
        #expect(decoder.progress?.isIdle == true)
    }
}
