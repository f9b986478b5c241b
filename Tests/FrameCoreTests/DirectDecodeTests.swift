import Testing
@testable import FrameCore

/// `next(feeding:)` (decoding straight from the bytes read when nothing is buffered) and
/// `nextInPlace(feeding:)` (leaving such a message in those bytes) against the buffered path they
/// stand in for, `feed` then `next()`: the same byte streams split every way, every observable
/// compared after every piece.
@Suite struct DirectDecodeTests {
    /// Everything a caller can see of a decoder, but its buffer's capacity.
    struct Observed: Equatable {
        var results: [Result<Message?, FrameError>]
        var headers: [JSONHeader]
        var spans: [ByteSpan]
        var pendingSpan: ByteSpan?
        var progress: DecoderProgress?
        var bytesReceived: Int
        var buffered: Int
        var failure: FrameError?
        var messagesDecoded: Int
        var finish: FrameError?
    }

    enum Path { case buffered, direct, inPlace }

    /// Feeds `piece` and decodes until "need more" or an error, through `feed` + `next()`,
    /// `next(feeding:)` or `nextInPlace(feeding:)` (its message copied out while the bytes are there).
    static func step(_ decoder: inout FrameDecoder, _ piece: [UInt8], path: Path) -> Observed {
        var results: [Result<Message?, FrameError>] = []
        var first = true
        while true {
            let result: Result<Message?, FrameError>
            if first, path == .direct {
                result = piece.withUnsafeBytes { bytes in Result { () throws(FrameError) in try decoder.next(feeding: bytes) } }
            } else if first, path == .inPlace {
                result = piece.withUnsafeBytes { bytes in
                    Result { () throws(FrameError) in
                        try decoder.nextInPlace(feeding: bytes)?.message
                    }
                }
            } else {
                if first { decoder.feed(piece) }
                result = Result { () throws(FrameError) in try decoder.next() }
            }
            first = false
            results.append(result)
            guard case .success(.some) = result else { break }
        }
        let headers = results.compactMap { result -> JSONHeader? in
            if case let .success(message?) = result { return message.header }
            return nil
        }
        var finish: FrameError?
        do { try decoder.finish() } catch { finish = error }
        return Observed(results: results, headers: headers, spans: decoder.takeSpans(), pendingSpan: decoder.pendingSpan,
                        progress: decoder.progress, bytesReceived: decoder.bytesReceived, buffered: decoder.buffered,
                        failure: decoder.failure, messagesDecoded: decoder.messagesDecoded, finish: finish)
    }

    /// Both paths over `pieces`, compared piece by piece.
    static func compare(_ pieces: [[UInt8]], limits: FrameLimits, recordsSpans: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        var buffered = FrameDecoder(limits: limits, recordsSpans: recordsSpans)
        var direct = FrameDecoder(limits: limits, recordsSpans: recordsSpans)
        var inPlace = FrameDecoder(limits: limits, recordsSpans: recordsSpans)
        for (i, piece) in pieces.enumerated() {
            let expected = step(&buffered, piece, path: .buffered)
            let got = step(&direct, piece, path: .direct)
            let gotInPlace = step(&inPlace, piece, path: .inPlace)
            if got != expected || gotInPlace != expected {
                Issue.record("piece \(i) of \(pieces.map(\.count)): \(got) / in place \(gotInPlace) vs \(expected)",
                             sourceLocation: sourceLocation)
                return
            }
        }
    }

    static let reply = try! AppResponder.reply(to: AppRequest.search("\u{1F436}").message())
    static let binary = Message(contentType: "binary/x", contentEncoding: "binary", content: (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) })

    /// Valid streams and each way a frame can fail, short enough to split every way in three.
    static let streams: [(String, [UInt8], FrameLimits)] = [
        ("request", morpheusBig, .default),
        ("three messages", morpheusBig + reply.encoded + morpheusBig, .default),
        ("empty content", Message(contentType: "binary/x", contentEncoding: "binary", content: []).encoded + morpheusBig, .default),
        ("escapes and extra keys", rawFrame(header: "{\"content-length\": 2, \"x\": [1], \"content-encoding\": \"binary\", \"content-type\": \"a\\u0062\", \"byteorder\": \"little\"}", content: [7, 8]), .default),
        ("empty header", [0, 0] + morpheusBig, .default),
        ("header too long", morpheusBig, FrameLimits(maxHeaderLength: 50)),
        ("header not JSON", rawFrame(header: "{\"byteorder\": ", content: [1, 2, 3]) + morpheusBig, .default),
        ("header not UTF-8", rawFrame(header: "{\"a\": \"\u{FF}\"}").map { $0 == 0xC3 ? 0xFF : $0 } + [1, 2], .default),
        ("missing key", rawFrame(header: "{\"byteorder\": \"little\"}", content: [1]), .default),
        ("content too large", morpheusBig, FrameLimits(maxContentLength: 40)),
        ("truncated", Array(morpheusBig.dropLast(5)), .default),
    ]

    @Test("every split in two and three pieces", arguments: 0..<streams.count)
    func everySplit(_ index: Int) {
        let (_, stream, limits) = Self.streams[index]
        // Every split in three of a one-frame stream; every fourth second cut of the longer ones (a debug build is slow).
        let step = stream.count <= 160 ? 1 : 4
        for cut in 0...stream.count {
            for recordsSpans in [false, true] {
                Self.compare([Array(stream[..<cut]), Array(stream[cut...])], limits: limits, recordsSpans: recordsSpans)
            }
            for second in stride(from: cut, through: stream.count, by: step) {
                Self.compare([Array(stream[..<cut]), Array(stream[cut..<second]), Array(stream[second...])],
                             limits: limits, recordsSpans: true)
            }
        }
    }

    @Test func oneByteAtATime() {
        for (_, stream, limits) in Self.streams {
            Self.compare(stream.map { [$0] }, limits: limits, recordsSpans: true)
        }
    }

    @Test func largeContentSplitInTwo() {
        let stream = Self.binary.encoded + morpheusBig
        for cut in Array(0..<200) + Array(stride(from: 200, through: stream.count, by: 97)) + [stream.count - 150, stream.count - 1] {
            Self.compare([Array(stream[..<cut]), Array(stream[cut...])], limits: .default, recordsSpans: true)
        }
        // Content larger than the limit, and whole.
        Self.compare([stream], limits: FrameLimits(maxContentLength: 4999), recordsSpans: true)
        Self.compare([stream], limits: .default, recordsSpans: false)
    }

    @Test func randomSplits() {
        var rng = SplitMix64(seed: 42)
        let stream = morpheusBig + Self.reply.encoded + Self.binary.encoded + morpheusBig
        for _ in 0..<300 {
            var pieces: [[UInt8]] = []
            var offset = 0
            while offset < stream.count {
                let size = Int.random(in: 1...(Bool.random(using: &rng) ? 16 : 3000), using: &rng)
                pieces.append(Array(stream[offset..<min(stream.count, offset + size)]))
                offset += size
            }
            Self.compare(pieces, limits: .default, recordsSpans: Bool.random(using: &rng))
        }
    }

    /// A whole frame with a header in the peers' form is left in place; anything else is not.
    @Test func theInPlacePathIsTaken() throws {
        for (stream, inPlace) in [(morpheusBig + Self.reply.encoded, true), (Self.binary.encoded, true),
                                  (Self.streams[3].1, false), (Array(morpheusBig.dropLast()), false)] {
            var decoder = FrameDecoder()
            let taken = try stream.withUnsafeBytes { bytes throws(FrameError) in try decoder.nextInPlace(feeding: bytes)?.isInPlace }
            #expect(taken == (inPlace ? true : stream == Self.streams[3].1 ? false : nil))
        }
    }

    @Test func afterAFailureBothCountTheBytes() {
        Self.compare([[0, 0], morpheusBig, [], morpheusBig], limits: .default, recordsSpans: true)
        Self.compare([morpheusBig + [0], [0], morpheusBig], limits: .default, recordsSpans: true)
    }
}
