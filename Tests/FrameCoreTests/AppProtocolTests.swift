import Testing
@testable import FrameCore

@Suite struct AppProtocolTests {
    func reply(_ request: AppRequest) throws -> Message {
        let decoded = try #require(try decodeAll([request.message().encoded]).first)
        return try AppResponder.reply(to: decoded)
    }

    @Test(arguments: [
        ("morpheus", "Follow the white rabbit. \u{1F430}"),
        ("ring", "In the caves beneath the Misty Mountains. \u{1F48D}"),
        ("\u{1F436}", "\u{1F43E} Playing ball! \u{1F3D0}"),
        ("neo", "No match for 'neo'."),
    ])
    func searchReplies(value: String, result: String) throws {
        let message = try reply(.search(value))
        #expect(message.header.contentType == "text/json")
        #expect(message.header.contentEncoding == "utf-8")
        #expect(message.content == Array("{\"result\": \(JSONValue.quoted(result))}".utf8))
        #expect(try AppReply.line(for: message) == "Got result: \(result)")
    }

    @Test func binaryReplyQuotesTheFirstTenBytes() throws {
        let message = try reply(.binary(action: "binary", value: "\u{1F603}"))
        #expect(message.header.contentType == "binary/custom-server-binary-type")
        #expect(message.content == Array("First 10 bytes of request: binary\u{1F603}".utf8))
        #expect(try AppReply.line(for: message) == "Got response: b'First 10 bytes of request: binary\\xf0\\x9f\\x98\\x83'")
    }

    @Test func invalidActionAndMissingFieldsFormatLikePython() {
        #expect(AppResponder.searchResult(for: .object([JSONMember(key: "action", value: .string("find"), keyRange: 0..<0, valueRange: 0..<0)])) == "Error: invalid action 'find'.")
        #expect(AppResponder.searchResult(for: .object([])) == "Error: invalid action 'None'.")
        let search = JSONMember(key: "action", value: .string("search"), keyRange: 0..<0, valueRange: 0..<0)
        #expect(AppResponder.searchResult(for: .object([search])) == "No match for 'None'.")
        let number = JSONMember(key: "value", value: .number("5"), keyRange: 0..<0, valueRange: 0..<0)
        #expect(AppResponder.searchResult(for: .object([search, number])) == "No match for '5'.")
        let flag = JSONMember(key: "value", value: .bool(true), keyRange: 0..<0, valueRange: 0..<0)
        #expect(AppResponder.searchResult(for: .object([search, flag])) == "No match for 'True'.")
    }

    /// Found by sending the same search values to Tools/python/app_server.py and to ours: Python's
    /// int has no negative zero and its float keeps one, so `-0` is `0` and `-0.0` stays `-0.0`.
    @Test func negativeZeroFormatsLikePython() {
        let cases = [("-0", "0"), ("0", "0"), ("-0.0", "-0.0"), ("-0e5", "-0.0"), ("-1e-400", "-0.0"), ("0.0", "0.0"),
                     ("1e-400", "0.0"), ("-5", "-5"), ("-5.0", "-5.0"), ("1e16", "1e+16"), ("-1e400", "-inf")]
        for (text, python) in cases {
            #expect(JSONValue.number(text).pythonStr == python, "\(text)")
        }
        let search = JSONMember(key: "action", value: .string("search"), keyRange: 0..<0, valueRange: 0..<0)
        let zero = JSONMember(key: "value", value: .number("-0"), keyRange: 0..<0, valueRange: 0..<0)
        #expect(AppResponder.searchResult(for: .object([search, zero])) == "No match for '0'.")
    }

    @Test func jsonRequestWithOtherEncodingsAndBadContent() throws {
        let latin = Message(contentType: "text/json", contentEncoding: "latin-1", content: [UInt8]("{\"action\": \"search\", \"value\": \"caf".utf8) + [0xE9, 0x22, 0x7D])
        let reply = try AppResponder.reply(to: latin)
        #expect(String(decoding: reply.content, as: UTF8.self) == "{\"result\": \"No match for 'caf\u{E9}'.\"}")
        let unknown = Message(contentType: "text/json", contentEncoding: "ebcdic", content: Array("{}".utf8))
        #expect(throws: FrameError.unknownEncoding("ebcdic")) { try AppResponder.reply(to: unknown) }
        let notUTF8 = Message(contentType: "text/json", contentEncoding: "utf-8", content: [0x7B, 0xFF, 0x7D])
        #expect(throws: FrameError.contentNotDecodable(encoding: "utf-8", offset: 1)) { try AppResponder.reply(to: notUTF8) }
        let array = Message(contentType: "text/json", contentEncoding: "utf-8", content: Array("[1]".utf8))
        #expect(throws: FrameError.contentNotObject(found: "an array")) { try AppResponder.reply(to: array) }
        let garbage = Message(contentType: "text/json", contentEncoding: "utf-8", content: Array("{nope".utf8))
        #expect(throws: FrameError.self) { try AppResponder.reply(to: garbage) }
    }

    @Test func pythonReprOfBytes() {
        #expect(PythonRepr.bytes(Array("Hello, world".utf8)) == "b'Hello, world'")
        #expect(PythonRepr.bytes([0x27, 0x41]) == "b\"'A\"")
        #expect(PythonRepr.bytes([0x27, 0x22, 0x5C, 0x09, 0x0A, 0x0D, 0x00, 0x7F]) == "b'\\'\"\\\\\\t\\n\\r\\x00\\x7f'")
        #expect(AppResponder.describe(AppRequest.search("ring").message()) == "received request {'action': 'search', 'value': 'ring'}")
    }
}
