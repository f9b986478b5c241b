@testable import Capture
import FrameCore
import Testing

@Suite struct JSONLinesTests {
    @Test func everyKindOfEventSurvivesARoundTrip() throws {
        var events = SessionFixtures.clientSession(chunk: 1)
        events.insert(SessionEvent(time: 1_764_680_000, connection: nil, kind: .listening(address: "127.0.0.1:65432", mode: "app")), at: 0)
        events.append(SessionEvent(time: 1_764_680_001.5, connection: 2, kind: .error("bad frame: \"quoted\"\n\u{1}")))
        events.append(SessionEvent(time: 1_764_680_002, connection: 3, kind: .bytes(.out, Array(repeating: 0xAB, count: 70_000))))
        let file = SessionFixtures.encode(events, with: JSONLinesWriter())
        #expect(try JSONLinesReader.read(file) == events)
        #expect(try CaptureReader.events(file) == events)
    }

    @Test func firstLineNamesFormatAndVersionThenOneEventPerLine() throws {
        let events = SessionFixtures.clientSession()
        let text = String(decoding: SessionFixtures.encode(events, with: JSONLinesWriter()), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == events.count + 1)
        #expect(lines[0] == "{\"format\": \"socketlab-session\", \"version\": 1}")
        #expect(lines[1].contains("\"kind\": \"opened\""))
        #expect(lines[1].contains("\"side\": \"client\""))
    }

    @Test func aCompleteMessageIsWrittenDecodedWithItsHeaderAndContent() throws {
        let text = String(decoding: SessionFixtures.encode(SessionFixtures.clientSession(chunk: 50), with: JSONLinesWriter()), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        // The request is complete in its third 50-byte chunk (144 bytes), not before.
        let requestLines = lines.filter { $0.contains("\"direction\": \"out\"") }
        #expect(requestLines.count == 3)
        #expect(!requestLines[0].contains("messages"))
        let last = try JSONParser.parse(Array(requestLines[2].utf8))
        guard case let .array(messages)? = last["messages"], let message = messages.first else {
            Issue.record("no messages in \(requestLines[2])")
            return
        }
        #expect(message["header"]?["content-length"] == .number("41"))
        #expect(message["content"]?["value"] == .string("morpheus"))
        let reply = lines.first { $0.contains("\"direction\": \"in\"") && $0.contains("messages") }
        #expect(reply?.contains("Follow the white rabbit. 🐰") == true)
    }

    /// Before: the writer decoded whole contents, so each connection and direction could make it
    /// hold 16 MiB (ten slow 16 MiB requests to a recording server: 554 MB RSS). The decoded
    /// message keeps the first `contentWindow` bytes and counts the rest; the bytes are all in
    /// the `base64` of each read.
    @Test func aLongContentIsWrittenAsItsFirstBytesAndHowManyMore() throws {
        let size = 1 << 20
        let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let frame = Message(contentType: "text/json", contentEncoding: "utf-8", content: content).encoded
        var events = [SessionEvent(time: 1, connection: 1, kind: .opened(side: .server, peer: "127.0.0.1:1", local: "127.0.0.1:2"))]
        for start in stride(from: 0, to: frame.count, by: 65536) {
            events.append(SessionEvent(time: 2, connection: 1, kind: .bytes(.in, Array(frame[start..<min(frame.count, start + 65536)]))))
        }
        let lines = String(decoding: SessionFixtures.encode(events, with: JSONLinesWriter()), as: UTF8.self).split(separator: "\n")
        let last = try JSONParser.parse(Array(lines.last!.utf8))
        guard case let .array(messages)? = last["messages"], let message = messages.first else {
            Issue.record("no message decoded: \(lines.last!.prefix(300))")
            return
        }
        #expect(message["content_omitted"] == .number(String(size - JSONLinesWriter.contentWindow)))
        #expect(message["content_base64"] == .string(ByteText.base64(Array(content.prefix(JSONLinesWriter.contentWindow)))))
        #expect(message["content"] == nil, "a cut JSON text is not parsed")
        #expect(lines.allSatisfy { $0.utf8.count < 200_000 }, "no line carries the whole content twice")
    }

    @Test func binaryContentIsWrittenAsBytesAndAMalformedFrameGetsTheDecodersSentence() throws {
        let binary = AppRequest(action: "binary", value: "😃").message(byteorder: "big").encoded
        let bad: [UInt8] = [0x00, 0x02, 0x7B, 0x7D]
        let events = [
            SessionEvent(time: 1, connection: 1, kind: .opened(side: .server, peer: "127.0.0.1:1", local: "127.0.0.1:2")),
            SessionEvent(time: 2, connection: 1, kind: .bytes(.in, binary)),
            SessionEvent(time: 3, connection: 2, kind: .opened(side: .server, peer: "127.0.0.1:3", local: "127.0.0.1:2")),
            SessionEvent(time: 4, connection: 2, kind: .bytes(.in, bad)),
        ]
        let lines = String(decoding: SessionFixtures.encode(events, with: JSONLinesWriter()), as: UTF8.self).split(separator: "\n")
        #expect(lines[2].contains("\"content_hex\": \"\(ByteText.hex(Array("binary😃".utf8)))\""))
        var decoder = FrameDecoder()
        decoder.feed(bad)
        let sentence = (try? decoder.next()).map { _ in "" } ?? decoder.failure!.description
        #expect(lines[4].contains("\"frame_error\": \(JSONValue.quoted(sentence))"))
    }

    @Test(arguments: [
        ("", CaptureError.empty),
        ("{\"format\": \"other\", \"version\": 1}\n", CaptureError.unsupportedVersion("the first line does not name the format \"socketlab-session\"")),
        ("{\"format\": \"socketlab-session\", \"version\": 2}\n", CaptureError.unsupportedVersion("version 2; this SocketLab reads version 1")),
        ("{\"format\": \"socketlab-session\", \"version\": 1}\n{\"time\": 1, \"kind\": \"bytes\", \"direction\": \"out\", \"hex\": \"0g\"}\n",
         CaptureError.badLine(number: 2, reason: "the bytes are not valid hex or base64")),
        ("{\"format\": \"socketlab-session\", \"version\": 1}\n{\"time\": 1, \"kind\": \"teleport\"}\n",
         CaptureError.badLine(number: 2, reason: "unknown kind \"teleport\"")),
        ("{\"format\": \"socketlab-session\", \"version\": 1}\n[1, 2]\n", CaptureError.badLine(number: 2, reason: "not a JSON object")),
        ("{\"format\": \"socketlab-session\", \"version\": 1}\n{\"kind\": \"log\", \"text\": \"x\"}\n",
         CaptureError.badLine(number: 2, reason: "\"time\" is missing or not a number")),
        // A time this large trapped the TUI's clock formatting (Int of time × 1000) during replay.
        ("{\"format\": \"socketlab-session\", \"version\": 1}\n{\"time\": 1e308, \"kind\": \"log\", \"text\": \"x\"}\n",
         CaptureError.badLine(number: 2, reason: "\"time\" must be seconds since 1970, from 0 to 10^12")),
        ("{\"format\": \"socketlab-session\", \"version\": 1}\n{\"time\": -1e308, \"kind\": \"log\", \"text\": \"x\"}\n",
         CaptureError.badLine(number: 2, reason: "\"time\" must be seconds since 1970, from 0 to 10^12")),
    ])
    func badFilesGiveOneClearError(text: String, expected: CaptureError) {
        #expect(throws: expected) { try JSONLinesReader.read(Array(text.utf8)) }
    }

    @Test func everyPrefixOfAFileReadsOrFailsCleanly() {
        let file = SessionFixtures.encode(SessionFixtures.clientSession(chunk: 7), with: JSONLinesWriter())
        for length in 0...file.count {
            _ = try? JSONLinesReader.read(Array(file.prefix(length)))
        }
    }

    @Test(arguments: [[UInt8](), [0], [0, 1], [0, 1, 2], Array(0...255), Array(repeating: 0xFF, count: 1000)])
    func base64AndHexRoundTrip(bytes: [UInt8]) {
        #expect(ByteText.fromBase64(ByteText.base64(bytes)) == bytes)
        #expect(ByteText.fromHex(ByteText.hex(bytes)) == bytes)
    }

    @Test func base64MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(ByteText.base64(Array(plain.utf8)) == encoded)
            #expect(ByteText.fromBase64(encoded) == Array(plain.utf8))
        }
        #expect(ByteText.fromBase64("Zm9v!A==") == nil)
        #expect(ByteText.fromBase64("Zm9") == nil)
    }
}
