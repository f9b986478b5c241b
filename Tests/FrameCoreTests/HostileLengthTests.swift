import FrameCore
import Glibc
import Testing

/// What a peer declares never sizes an allocation: the decoder grows with the bytes that arrive.
/// (It used to `reserveCapacity(content-length)`: 999,999,999,999,999,999 trapped, and 1 GiB
/// declared with 10 bytes sent took 1 GiB.)
@Suite struct HostileLengthTests {
    let good = "\"byteorder\": \"big\", \"content-type\": \"binary\", \"content-encoding\": \"binary\""

    /// The process's virtual size from /proc/self/statm: a reservation shows here even before
    /// its pages are touched.
    static func virtualBytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = read(fd, &buffer, buffer.count)
        let text = String(decoding: buffer.prefix(max(0, n)), as: UTF8.self)
        return (Int(text.split(separator: " ").first ?? "") ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test func aHugeDeclaredLengthAllocatesNothingAndReportsDeclaredVersusReceived() throws {
        var decoder = FrameDecoder(limits: FrameLimits(maxContentLength: .max))
        decoder.feed(rawFrame(header: "{\(good), \"content-length\": 999999999999999999}"))
        #expect(try decoder.next() == nil)
        #expect(decoder.progress == DecoderProgress(message: 0, part: .content, have: 0, need: 999_999_999_999_999_999))
        #expect(decoder.progress?.description == "content 0/999999999999999999 bytes")
        decoder.feed([UInt8](repeating: 7, count: 1000))
        #expect(try decoder.next() == nil)
        #expect(decoder.progress?.have == 1000)
        #expect(throws: FrameError.truncated(part: .content, have: 1000, need: 999_999_999_999_999_999)) { try decoder.finish() }
    }

    /// (Other tests run alongside and map memory too, hence a bound far below 4 GiB, not a tight one.)
    @Test func fourDeclaredGigabytesWithTenBytesSentReserveNothing() throws {
        let before = Self.virtualBytes()
        var decoder = FrameDecoder(limits: FrameLimits(maxContentLength: 1 << 32))
        decoder.feed(rawFrame(header: "{\(good), \"content-length\": \(1 << 32)}", content: Array(repeating: 1, count: 10)))
        #expect(try decoder.next() == nil)
        let grown = Self.virtualBytes() - before
        #expect(grown < 1 << 30, "the process grew by \(grown) bytes for 10 received")
        #expect(decoder.progress == DecoderProgress(message: 0, part: .content, have: 10, need: 1 << 32))
        #expect(decoder.buffered == 10)
    }

    @Test func lengthsAtTheEdgesOfIntNeitherOverflowNorTrap() {
        let limits = FrameLimits(maxContentLength: .max)
        for text in ["9223372036854775807", "9223372036854775808", "18446744073709551615", String(repeating: "9", count: 400)] {
            var decoder = FrameDecoder(limits: limits)
            decoder.feed(rawFrame(header: "{\(good), \"content-length\": \(text)}"))
            #expect(throws: FrameError.contentTooLarge(length: .max, limit: .max)) { try decoder.next() }
            #expect(FrameError.contentTooLarge(length: .max, limit: .max).description.contains("more than 10^18"))
        }
    }

    /// The same stream decoded with and without a window: the same messages, the windowed ones
    /// cut to the window, and every byte accounted for, in any split.
    @Test(arguments: [0, 1, 5, 64]) func aContentWindowKeepsThePrefixAndCountsTheRest(window: Int) throws {
        var stream: [UInt8] = []
        var expected: [Message] = []
        for size in [0, 3, 5, 6, 100, 4097] {
            let message = Message(contentType: "binary", contentEncoding: "binary", content: (0..<size).map { UInt8(truncatingIfNeeded: $0) })
            stream += message.encoded
            expected.append(message)
        }
        var rng = SplitMix64(seed: UInt64(window) + 1)
        for _ in 0..<20 {
            var decoder = FrameDecoder(recordsSpans: true, contentWindow: window)
            var got: [Message] = []
            var offset = 0
            var spanEnd = 0
            while offset < stream.count {
                let end = min(stream.count, offset + Int.random(in: 1...300, using: &rng))
                decoder.feed(stream[offset..<end])
                offset = end
                while let message = try decoder.next() { got.append(message) }
                #expect(decoder.bytesReceived == offset)
                #expect(decoder.buffered <= window + 300 + 2 + 200, "buffered \(decoder.buffered)")
                for span in decoder.takeSpans() {
                    #expect(span.range.lowerBound == spanEnd)
                    spanEnd = span.range.upperBound
                }
            }
            #expect(spanEnd == stream.count)
            try decoder.finish()
            #expect(got.count == expected.count)
            for (message, full) in zip(got, expected) {
                #expect(message.headerBytes == full.headerBytes)
                #expect(message.content == Array(full.content.prefix(window)))
                #expect(message.isContentComplete == (full.content.count <= window))
                #expect(message.omittedContentBytes == max(0, full.content.count - window))
            }
        }
    }

    @Test func aWindowedDecoderHoldsAWindowWhateverStreamsPast() throws {
        var decoder = FrameDecoder(limits: FrameLimits(maxContentLength: .max), contentWindow: 4096)
        decoder.feed(rawFrame(header: "{\(good), \"content-length\": 999999999999999999}"))
        let piece = [UInt8](repeating: 0x41, count: 65536)
        for _ in 0..<512 {  // 32 MiB of content that never ends
            decoder.feed(piece)
            #expect(try decoder.next() == nil)
            #expect(decoder.buffered <= 4096, "the decoder holds \(decoder.buffered) bytes")
        }
        #expect(decoder.progress?.have == 512 * 65536)
    }
}
