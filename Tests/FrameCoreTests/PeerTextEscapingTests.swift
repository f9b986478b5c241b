import FrameCore
import Testing

/// The one rule for text from the network that goes to a person: `PythonRepr.escaped`, the way
/// Python's `repr` shows what `str.isprintable()` rejects.
@Suite struct PeerTextEscapingTests {
    static let every = "\u{00}\u{07}\u{1B}\u{7F}\u{80}\u{9B}\u{A0}\u{AD} \u{E9}\u{301}\u{200B}\u{200E}\u{202A}\u{202E}\u{2066}\u{2028}\u{2029}\u{3000}\u{FEFF}\u{E000}\u{D7FF}\u{E0001}\u{10FFFF}\u{1F600}\u{1F430}\\\""
    /// `repr()` of the same string, copied from CPython 3.11.
    static let everyRepr = #"'\x00\x07\x1b\x7f\x80\x9b\xa0\xad é́\u200b\u200e\u202a\u202e\u2066\u2028\u2029\u3000\ufeff\ue000\ud7ff\U000e0001\U0010ffff😀🐰\\"'"#

    /// True when a character a terminal acts on, or that reorders or hides text, is left raw.
    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { !PythonRepr.isPrintable($0) && $0 != " " }
    }

    @Test func reprOfStrMatchesCPython() {
        #expect(PythonRepr.string(Self.every) == Self.everyRepr)
        #expect(PythonRepr.string("it's") == "\"it's\"")
        #expect(PythonRepr.string("it's \"q\"") == #"'it\'s "q"'"#)
    }

    @Test func escapedIsReprWithoutQuotingAndIdempotent() {
        let escaped = PythonRepr.escaped(Self.every)
        #expect(escaped == #"\x00\x07\x1b\x7f\x80\x9b\xa0\xad é́\u200b\u200e\u202a\u202e\u2066\u2028\u2029\u3000\ufeff\ue000\ud7ff\U000e0001\U0010ffff😀🐰\""#)
        #expect(!Self.hasRawControl(escaped))
        #expect(PythonRepr.escaped(escaped) == escaped, "escaping twice changes nothing")
        let plain = "Follow the white rabbit. \u{1F430} 'quoted' \\ \"x\""
        #expect(PythonRepr.escaped(plain) == plain, "printable text, quotes and backslashes are left alone")
        #expect(PythonRepr.escaped("line\nforged: ok") == #"line\nforged: ok"#, "a newline cannot forge a log line")
    }

    @Test func escapedCanBeBoundedAndSaysHowMuchIsLeftOut() {
        let long = String(repeating: "\u{1B}", count: 10_000)
        let cut = PythonRepr.escaped(long, maxBytes: 4096)
        #expect(cut.utf8.count < 4096 + 40)
        #expect(cut.hasSuffix(" … \(10_000 - 1024) more bytes"), "\(cut.suffix(30))")
        #expect(PythonRepr.escaped("short", maxBytes: 4096) == "short")
        #expect(PythonRepr.bytes(Array(repeating: UInt8(0x41), count: 10), limit: 4) == "b'AAAA' … 6 more bytes")
    }

    /// Every error sentence that quotes a peer's value quotes it escaped.
    @Test func frameErrorsQuotePeerValuesEscaped() {
        let hostile = "\u{1B}]0;title\u{07}\u{9B}31m\u{202E}"
        let errors: [FrameError] = [
            .unknownEncoding(hostile),
            .contentNotDecodable(encoding: hostile, offset: 3),
            .invalidHeaderValue(key: "byteorder", value: "\"" + hostile + "\"", expected: "\"little\" or \"big\""),
            .headerNotJSON(JSONParseError(offset: 1, reason: hostile)),
            .missingHeaderKey(hostile),
        ]
        for error in errors {
            #expect(!Self.hasRawControl(error.description), "\(error.description.debugDescription)")
            #expect(error.description.contains(#"\x1b]0;title\x07\x9b31m\u202e"#), "\(error.description)")
        }
        #expect(FrameError.unknownEncoding(hostile).description
                    == #"the content-encoding "\x1b]0;title\x07\x9b31m\u202e" is not one this server can decode (utf-8, ascii, latin-1)"#)
    }

    /// Before: a 65,535-byte header value was quoted whole (escaped: up to 160 KB), in the one log
    /// line a server writes per bad connection.
    @Test func frameErrorsQuoteAtMostTheirWindowOfAPeerValue() {
        let long = String(repeating: "\u{9B}", count: 30_000)
        let errors: [FrameError] = [
            .unknownEncoding(long),
            .contentNotDecodable(encoding: long, offset: 3),
            .invalidHeaderValue(key: "content-type", value: "[" + long + "]", expected: "a string"),
            .invalidContentLength(value: long),
        ]
        for error in errors {
            #expect(error.description.utf8.count < FrameError.maxQuotedBytes + 200, "\(error.description.utf8.count) bytes")
            #expect(error.description.contains(#"\x9b\x9b"#))
            #expect(error.description.contains(" more bytes"))
            #expect(!Self.hasRawControl(error.description))
        }
        #expect(FrameError.invalidContentLength(value: "-1").description
                    == #"the JSON header's "content-length" is -1, but it must be a non-negative integer"#)
    }

    @Test func theServersRequestLineEscapesTheContentTypeAndTheValue() {
        let hostile = "\u{1B}[2J\u{202E}"
        let binary = Message(contentType: hostile, contentEncoding: "binary", content: [1])
        let search = AppRequest.search(hostile).message()
        for line in [AppResponder.describe(binary), AppResponder.describe(search)] {
            #expect(!Self.hasRawControl(PythonRepr.escaped(line)))
        }
        #expect(AppResponder.describe(search) == #"received request {'action': 'search', 'value': '\x1b[2J\u202e'}"#)
    }
}

@Suite struct WindowedReplyLineTests {
    /// A reply decoded with a `contentWindow` is shown by its first bytes, even JSON (which a cut
    /// cannot parse), instead of being reported as malformed.
    @Test func aCutReplyShowsItsFirstBytesAndTheRestCounted() throws {
        let content = Array("{\"result\": \"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 1000) + Array("\"}".utf8)
        let reply = Message(contentType: "text/json", contentEncoding: "utf-8", content: content)
        var decoder = FrameDecoder(contentWindow: 12)
        decoder.feed(reply.encoded)
        let cut = try #require(try decoder.next())
        #expect(!cut.isContentComplete)
        #expect(try AppReply.line(for: cut) == "Got response: b'{\"result\": \"' … 1002 more bytes")
        #expect(try AppReply.line(for: reply) == "Got result: " + String(repeating: "x", count: 1000))
    }
}
