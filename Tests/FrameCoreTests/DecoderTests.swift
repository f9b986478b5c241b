import Testing
@testable import FrameCore

/// swift-nio's `ByteToMessageDecoderVerifier` idea: the same messages whatever the split.
@Suite struct DecoderSplitTests {
    let request = AppRequest.search("morpheus").message(byteorder: "big")
    let reply = try! AppResponder.reply(to: AppRequest.search("\u{1F436}").message())

    @Test func wholeMessage() throws {
        let messages = try decodeAll([morpheusBig])
        #expect(messages == [request])
        #expect(messages[0].header.contentLength == 41)
        #expect(messages[0].header.byteorder == "big")
    }

    @Test func everyTwoPartSplit() throws {
        for cut in 0...morpheusBig.count {
            let messages = try decodeAll([Array(morpheusBig[..<cut]), Array(morpheusBig[cut...])])
            #expect(messages == [request], "split at \(cut)")
        }
    }

    @Test func oneByteAtATimeNeedsMoreUntilTheLastByte() throws {
        var decoder = FrameDecoder()
        for (i, byte) in morpheusBig.enumerated() {
            decoder.feed([byte])
            let message = try decoder.next()
            #expect((message != nil) == (i == morpheusBig.count - 1), "byte \(i)")
        }
        #expect(decoder.buffered == 0)
        try decoder.finish()
    }

    @Test func threeMessagesInOneBufferAndJoinedInAllSplits() throws {
        let all = morpheusBig + reply.encoded + morpheusBig
        #expect(try decodeAll([all]) == [request, reply, request])
        for cut in stride(from: 0, through: all.count, by: 7) {
            #expect(try decodeAll([Array(all[..<cut]), Array(all[cut...])]) == [request, reply, request])
        }
        #expect(try decodeAll(all.map { [$0] }) == [request, reply, request])
    }

    @Test func headerKeysInAnyOrderWithWhitespaceEscapesAndExtraKeys() throws {
        let header = "{ \"content-length\" : 3,\n\"x-extra\": [1, {\"a\": null}], \"content-encoding\":\"binary\", \"content-type\": \"bin\\u0061ry/x\", \"byteorder\": \"little\" }"
        let message = try #require(try decodeAll([rawFrame(header: header, content: [1, 2, 3])]).first)
        #expect(message.header.contentType == "binary/x")
        #expect(message.content == [1, 2, 3])
        #expect(message.header.members.map(\.key) == ["content-length", "x-extra", "content-encoding", "content-type", "byteorder"])
    }

    @Test func zeroLengthContent() throws {
        let message = Message(contentType: "binary/x", contentEncoding: "binary", content: [])
        #expect(try decodeAll([message.encoded, message.encoded]) == [message, message])
    }

    @Test func finishReportsATruncatedStream() throws {
        var decoder = FrameDecoder()
        decoder.feed(morpheusBig.prefix(40))
        #expect(try decoder.next() == nil)
        #expect(throws: FrameError.truncated(part: .jsonHeader, have: 38, need: 100)) { try decoder.finish() }
    }

    @Test func largeContentFedInPiecesIsDecodedWhole() throws {
        let content = (0..<(3 * 1024 * 1024 + 5)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let message = Message(contentType: "binary/x", contentEncoding: "binary", content: content)
        let bytes = message.encoded
        var decoder = FrameDecoder()
        var got: [Message] = []
        var i = 0
        while i < bytes.count {
            decoder.feed(bytes[i..<min(bytes.count, i + 4096)])
            while let m = try decoder.next() { got.append(m) }
            i += 4096
        }
        #expect(got.count == 1)
        #expect(got.first?.content == content)
    }
}

@Suite struct DecoderErrorTests {
    func error(of bytes: [UInt8], limits: FrameLimits = .default) -> FrameError? {
        do {
            _ = try decodeAll([bytes], limits: limits)
            return nil
        } catch {
            return error
        }
    }

    let good = "\"byteorder\": \"big\", \"content-type\": \"binary/x\", \"content-encoding\": \"binary\""

    @Test func eachMalformedClassHasItsError() {
        #expect(error(of: [0, 0]) == .emptyHeader)
        #expect(error(of: [0xFF, 0xFF], limits: FrameLimits(maxHeaderLength: 1024)) == .headerTooLong(length: 65535, limit: 1024))
        #expect(error(of: [0, 3, 0x7B, 0xC3, 0x7D]) == .headerNotUTF8(offset: 1))
        if case .headerNotJSON? = error(of: rawFrame(header: "{not json")) {} else { Issue.record("not JSON") }
        #expect(error(of: rawFrame(header: "[1, 2]")) == .headerNotObject(found: "an array"))
        #expect(error(of: rawFrame(header: "{\(good)}")) == .missingHeaderKey("content-length"))
        #expect(error(of: rawFrame(header: "{\"content-length\": 1, \"content-type\": \"a\", \"content-encoding\": \"b\"}")) == .missingHeaderKey("byteorder"))
        #expect(error(of: rawFrame(header: "{\(good), \"content-length\": \"41\"}")) == .invalidContentLength(value: "\"41\""))
        #expect(error(of: rawFrame(header: "{\(good), \"content-length\": 4.5}")) == .invalidContentLength(value: "4.5"))
        #expect(error(of: rawFrame(header: "{\(good), \"content-length\": 41.0}")) == .invalidContentLength(value: "41.0"))
        #expect(error(of: rawFrame(header: "{\(good), \"content-length\": -1}")) == .invalidContentLength(value: "-1"))
        #expect(error(of: rawFrame(header: "{\(good), \"content-length\": null}")) == .invalidContentLength(value: "null"))
        #expect(error(of: rawFrame(header: "{\(good), \"content-length\": 99999999999999999999999}")) == .contentTooLarge(length: Int.max, limit: FrameLimits.default.maxContentLength))
        #expect(error(of: rawFrame(header: "{\(good), \"content-length\": 1000}"), limits: FrameLimits(maxContentLength: 999)) == .contentTooLarge(length: 1000, limit: 999))
        #expect(error(of: rawFrame(header: "{\"byteorder\": \"middle\", \"content-type\": \"a\", \"content-encoding\": \"b\", \"content-length\": 0}")) == .invalidHeaderValue(key: "byteorder", value: "\"middle\"", expected: "\"little\" or \"big\""))
        #expect(error(of: rawFrame(header: "{\"byteorder\": \"big\", \"content-type\": 7, \"content-encoding\": \"b\", \"content-length\": 0}")) == .invalidHeaderValue(key: "content-type", value: "7", expected: "a string"))
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 60000)
        if case .headerNotJSON? = error(of: rawFrame(header: deep)) {} else { Issue.record("deep nesting") }
    }

    @Test func tooLargeIsRefusedBeforeAnyContentArrives() {
        var decoder = FrameDecoder(limits: FrameLimits(maxContentLength: 10))
        decoder.feed(rawFrame(header: "{\(good), \"content-length\": 11}"))
        #expect(throws: FrameError.contentTooLarge(length: 11, limit: 10)) { try decoder.next() }
        #expect(throws: FrameError.contentTooLarge(length: 11, limit: 10)) { try decoder.next() }
        #expect(decoder.failure == .contentTooLarge(length: 11, limit: 10))
    }

    @Test func everyErrorSaysWhatIsWrongInASentence() {
        let errors: [FrameError] = [
            .emptyHeader, .headerTooLong(length: 9, limit: 8), .headerNotUTF8(offset: 3),
            .headerNotJSON(JSONParseError(offset: 1, reason: "x")), .headerNotObject(found: "an array"),
            .missingHeaderKey("byteorder"), .invalidContentLength(value: "-1"), .contentTooLarge(length: 9, limit: 8),
            .unknownEncoding("x"), .contentNotDecodable(encoding: "utf-8", offset: 0),
            .contentNotJSON(JSONParseError(offset: 1, reason: "x")), .contentNotObject(found: "null"),
            .truncated(part: .content, have: 1, need: 2),
        ]
        for e in errors { #expect(e.description.count > 20) }
        #expect(FrameError.missingHeaderKey("byteorder").description.contains("\"byteorder\""))
        #expect(FrameError.invalidContentLength(value: "-1").description.contains("-1"))
    }
}

@Suite struct DecoderAnnotationTests {
    @Test func everyByteIsAttributedToItsPart() throws {
        let reply = try AppResponder.reply(to: AppRequest.search("ring").message())
        let stream = morpheusBig + reply.encoded
        var decoder = FrameDecoder(recordsSpans: true)
        var parts = [FramePart?](repeating: nil, count: stream.count)
        var messageOf = [Int?](repeating: nil, count: stream.count)
        for (i, byte) in stream.enumerated() {
            decoder.feed([byte])
            while try decoder.next() != nil {}
            for span in decoder.takeSpans() + [decoder.pendingSpan].compactMap({ $0 }) {
                for o in span.range {
                    if let known = parts[o] { #expect(known == span.part, "byte \(o) changed part") }
                    parts[o] = span.part
                    messageOf[o] = span.message
                }
            }
            #expect(parts[i] != nil, "byte \(i) unclassified")
        }
        #expect(parts[0...1].allSatisfy { $0 == .protoHeader })
        #expect(parts[2..<102].allSatisfy { $0 == .jsonHeader })
        #expect(parts[102..<143].allSatisfy { $0 == .content })
        #expect(parts[143...144].allSatisfy { $0 == .protoHeader })
        #expect(messageOf[142] == 0 && messageOf[143] == 1)
    }

    @Test func progressSaysWhereTheDecoderStands() throws {
        var decoder = FrameDecoder()
        decoder.feed(morpheusBig.prefix(1))
        #expect(decoder.progress == DecoderProgress(message: 0, part: .protoHeader, have: 1, need: 2))
        decoder.feed(morpheusBig[1..<39])
        #expect(try decoder.next() == nil)
        #expect(decoder.progress?.description == "JSON header 37/100 bytes")
        decoder.feed(morpheusBig[39..<110])
        #expect(try decoder.next() == nil)
        #expect(decoder.progress?.description == "content 8/41 bytes")
        decoder.feed(morpheusBig[110...])
        #expect(try decoder.next() != nil)
        #expect(decoder.progress?.isIdle == true)
    }

    @Test func bytesAfterAnErrorAreUnparsed() {
        var decoder = FrameDecoder(recordsSpans: true)
        decoder.feed(rawFrame(header: "{bad}") + [1, 2, 3])
        #expect(throws: FrameError.self) { try decoder.next() }
        decoder.feed([4, 5])
        #expect(decoder.takeSpans().map(\.part) == [.protoHeader, .jsonHeader])
        #expect(decoder.pendingSpan == ByteSpan(range: 7..<12, message: 0, part: .unparsed))
        #expect(decoder.bytesReceived == 12)
    }

    @Test func headerMembersKnowTheirBytes() throws {
        let message = try #require(try decodeAll([morpheusBig]).first)
        let member = try #require(message.header.members.first { $0.key == "content-length" })
        #expect(String(decoding: message.headerBytes[member.keyRange], as: UTF8.self) == "\"content-length\"")
        #expect(String(decoding: message.headerBytes[member.valueRange], as: UTF8.self) == "41")
    }
}

/// Property tests: random messages in random splits decode to the same messages; random bytes
/// end in an error or "need more", never a crash or a hang.
@Suite struct DecoderPropertyTests {
    @Test func randomMessagesRandomSplits() throws {
        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0..<300 {
            var messages: [Message] = []
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let n = Int.random(in: 0...300, using: &rng)
                let content = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
                let value = String((0..<Int.random(in: 0...12, using: &rng)).map { _ in ["a", "\u{1F436}", "\"", "\\", "\n", "é"].randomElement(using: &rng)! })
                messages.append(Bool.random(using: &rng)
                    ? Message(contentType: "binary/x", contentEncoding: "binary", content: content)
                    : AppRequest.search(value).message())
            }
            let stream = messages.flatMap(\.encoded)
            var chunks: [[UInt8]] = []
            var i = 0
            while i < stream.count {
                let n = Int.random(in: 1...64, using: &rng)
                chunks.append(Array(stream[i..<min(stream.count, i + n)]))
                i += n
            }
            #expect(try decodeAll(chunks) == messages)
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix64(seed: 42)
        for round in 0..<2000 {
            var bytes = (0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if round % 2 == 0, bytes.count > 2 { bytes[0] = 0; bytes[1] = UInt8(min(bytes.count - 2, 255)) }
            var decoder = FrameDecoder(limits: FrameLimits(maxContentLength: 1000))
            decoder.feed(bytes)
            do {
                while try decoder.next() != nil {}
                #expect(decoder.buffered <= bytes.count)
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }
}
