import FrameCore
import LoopbackTestSupport
import Testing

/// The fuzz target's oracle (Tools/fuzz/FuzzDecoder.swift) as a test: the hostile classes and any
/// input the fuzzer ever crashed on, decoded whole and in many splits, must give the same messages
/// and the same error, re-encode to their bytes, and never crash or hang.
struct DecoderOracleTests {
    struct Outcome: Equatable {
        var messages: [Message] = []
        var error: FrameError?
    }

    static func decode(_ stream: [UInt8], limits: FrameLimits, pieces: (Int) -> Int) -> Outcome {
        var decoder = FrameDecoder(limits: limits, recordsSpans: true)
        var outcome = Outcome()
        var offset = 0
        var step = 0
        repeat {
            let end = min(stream.count, offset + max(1, pieces(step)))
            decoder.feed(stream[offset..<end])
            offset = end
            step += 1
            while outcome.error == nil {
                do {
                    guard let message = try decoder.next() else { break }
                    outcome.messages.append(message)
                } catch {
                    outcome.error = error
                }
            }
        } while offset < stream.count
        return outcome
    }

    /// Checks every oracle on `stream`; returns the whole-stream outcome.
    @discardableResult
    static func checkOracle(_ stream: [UInt8], limits: FrameLimits = .default) -> Outcome {
        let whole = decode(stream, limits: limits) { _ in Int.max / 2 }
        for size in [1, 2, 3, 7, 64, 4096] {
            #expect(decode(stream, limits: limits) { _ in size } == whole, "split in pieces of \(size)")
        }
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        let random = decode(stream, limits: limits) { _ in
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed % 9) + 1
        }
        #expect(random == whole, "random split")
        var position = 0
        for message in whole.messages {
            let encoded = message.encoded
            #expect(Array(stream[position..<min(stream.count, position + encoded.count)]) == encoded)
            position += encoded.count
            _ = AppResponder.describe(message)
            if let reply = try? AppResponder.reply(to: message, limits: limits) {
                var back = FrameDecoder()
                back.feed(reply.encoded)
                #expect((try? back.next()) == reply)
            }
        }
        return whole
    }

    @Test("every hostile class gives the same error however it is split", arguments: HostileCase.all)
    func hostileClasses(_ hostile: HostileCase) {
        let outcome = Self.checkOracle(hostile.bytes)
        switch hostile.after {
        case .read:
            // Either a decoder error, or (unknown encoding) a message the responder refuses.
            if let error = outcome.error {
                #expect(hostile.reason.contains(error.description) || error.description.contains(hostile.reason))
            } else {
                #expect(outcome.messages.count == 1)
                #expect(throws: FrameError.self) { try AppResponder.reply(to: outcome.messages[0]) }
            }
        case .close, .reset:
            #expect(outcome.error == nil && outcome.messages.isEmpty, "a truncated stream is 'need more', not an error")
        }
    }

    @Test("nested JSON 65,000 levels deep in the header or the content is refused without exhausting the stack")
    func deepNesting() {
        let deep = String(repeating: "[", count: 65_000)
        let header = Self.checkOracle(Wire.raw(header: deep))
        #expect(header.error.map { "\($0)" }?.contains("nesting deeper than 64 levels") == true, "\(String(describing: header.error))")
        let contentText = Array(("{\"a\": " + String(repeating: "[", count: 100_000)).utf8)
        let request = Wire.frame(contentType: "text/json", contentEncoding: "utf-8", content: contentText)
        let outcome = Self.checkOracle(request)
        #expect(outcome.messages.count == 1)
        #expect(throws: FrameError.self) { try AppResponder.reply(to: outcome.messages[0]) }
    }

    @Test("numbers, escapes and odd values the fuzzer likes are handled by describe() and reply()")
    func oddValues() throws {
        let values = ["1e400", "-1e400", "1E-400", "-0", "0.0", "123456789012345678901234567890.5", "1e16", "9.999999999999999e15",
                      "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u0000\"", "[[[[]]]]", "{\"\": {}}", "true", "null"]
        for value in values {
            let content = Array("{\"action\": \"search\", \"value\": \(value)}".utf8)
            let request = Wire.frame(contentType: "text/json", contentEncoding: "utf-8", content: content)
            let outcome = Self.checkOracle(request)
            let message = try #require(outcome.messages.first, "\(value)")
            _ = AppResponder.describe(message)
            let reply = try AppResponder.reply(to: message)
            #expect(reply.isJSON)
        }
    }

    @Test("the same stream under tiny limits fails at the same point however it is split")
    func tinyLimits() {
        let streams = [Wire.search("morpheus") + Wire.search("ring"), Wire.binary(Array(repeating: 7, count: 300))]
        for stream in streams {
            for limits in [FrameLimits(maxHeaderLength: 10), FrameLimits(maxContentLength: 0), FrameLimits(maxJSONDepth: 0)] {
                Self.checkOracle(stream, limits: limits)
            }
        }
    }

    // Inputs that once crashed a decoder, in the fuzz target's format (Tools/fuzz/FuzzDecoder.swift:
    // byte 0 picks the limits, byte 1 the split seed, then the stream), replayed through the same
    // oracle. Add every crash the fuzzer (Tools/fuzz/run.sh) or a user finds.
    static let crashFindings: [(name: String, input: [UInt8])] = [
        // Issue 8: the decoder reserved the declared length, so this trapped (TUI and `hex`).
        ("content-length 999999999999999999, no limit", [1, 0] + Wire.raw(header: hugeLengthHeader("999999999999999999")) + [1, 2, 3]),
        // Issue 8: 4 GiB declared with 10 bytes sent reserved 4 GiB.
        ("content-length 4 GiB, 10 bytes sent, no limit", [1, 7] + Wire.raw(header: hugeLengthHeader("4294967296")) + Array(repeating: 9, count: 10)),
        ("content-length 999999999999999999 under the default limit", [0, 3] + Wire.raw(header: hugeLengthHeader("999999999999999999"))),
    ]

    static func hugeLengthHeader(_ length: String) -> String {
        "{\"byteorder\": \"little\", \"content-type\": \"binary/x\", \"content-encoding\": \"binary\", \"content-length\": \(length)}"
    }

    /// Byte 0 of a finding: 0 the default limits, 1 no content limit (as the TUI decodes).
    static func limits(_ selector: UInt8) -> FrameLimits {
        selector == 0 ? .default : FrameLimits(maxContentLength: Int.max / 2)
    }

    @Test("inputs that once crashed a decoder stay fixed")
    func crashRegressions() {
        #expect(!Self.crashFindings.isEmpty)
        for (name, input) in Self.crashFindings {
            let outcome = Self.checkOracle(Array(input.dropFirst(2)), limits: Self.limits(input[0]))
            #expect(outcome.messages.isEmpty, "\(name): a message from a truncated stream")
            if input[0] == 0 {
                #expect(outcome.error != nil, "\(name): the default limit refuses the declared length")
            }
        }
    }
}
