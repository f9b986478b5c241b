import Testing
@testable import FrameCore

/// The server's fast paths (`JSONHeader.readFlat`, `AppResponder.replyFrame`) against the general
/// ones they stand in for: every header a peer plausibly sends takes the fast path, and whatever
/// the fast path answers is exactly what the general path answers.
@Suite struct FlatJSONReaderTests {
    /// What `JSONHeader.parse` gives through the JSON tree, as a value to compare.
    func tree(_ text: String, limits: FrameLimits = .default) -> Result<JSONHeader, FrameError> {
        Result { () throws(FrameError) in try JSONHeader.parseTree(Array(text.utf8), limits: limits) }
    }

    func flat(_ text: String, limits: FrameLimits = .default) -> JSONHeader? {
        JSONHeader.readFlat(Array(text.utf8), limits: limits)
    }

    static let pythonHeader = #"{"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8", "content-length": 41}"#

    @Test(arguments: [
        pythonHeader,
        #"{"byteorder": "big", "content-type": "binary/custom-client-binary-type", "content-encoding": "binary", "content-length": 10}"#,
        // any key order, any whitespace, extra scalar keys, non-ASCII values, a duplicate (the last wins)
        " {\"content-length\":0,\r\n\t\"x-trace\" : 12.5e-3, \"x-ok\": true, \"x-no\": false, \"x-none\": null, \"content-encoding\": \"ütf-8\", \"content-type\": \"text/😃\", \"byteorder\": \"little\"}\n",
        #"{"byteorder": "big", "byteorder": "little", "content-type": "a", "content-encoding": "b", "content-length": 999999999999999999}"#,
        #"{"byteorder": "big", "content-type": "", "content-encoding": "", "content-length": 0, "": -0}"#,
    ])
    func validFlatHeadersTakeTheFastPathAndMatchTheTree(_ text: String) throws {
        let fast = try #require(flat(text, limits: FrameLimits(maxContentLength: .max)))
        #expect(Result.success(fast) == tree(text, limits: FrameLimits(maxContentLength: .max)))
    }

    @Test(arguments: [
        // not in the reader's subset, but valid: the tree answers
        #"{"byteorder": "little", "content-type": "bin\u0061ry", "content-encoding": "utf-8", "content-length": 1}"#,
        #"{"byteorder": "little", "content-type": "x", "content-encoding": "utf-8", "content-length": 1, "x": [1]}"#,
        #"{"byteorder": "little", "content-type": "x", "content-encoding": "utf-8", "content-length": 1, "x": {}}"#,
        // errors: each keeps the tree's exact wording
        #"{"byteorder": "little", "content-type": "x", "content-encoding": "utf-8"}"#,
        #"{"byteorder": "middle", "content-type": "x", "content-encoding": "utf-8", "content-length": 1}"#,
        #"{"byteorder": 7, "content-type": "x", "content-encoding": "utf-8", "content-length": 1}"#,
        #"{"byteorder": "big", "content-type": null, "content-encoding": "utf-8", "content-length": 1}"#,
        #"{"byteorder": "big", "content-type": "x", "content-encoding": "utf-8", "content-length": 1.0}"#,
        #"{"byteorder": "big", "content-type": "x", "content-encoding": "utf-8", "content-length": -1}"#,
        #"{"byteorder": "big", "content-type": "x", "content-encoding": "utf-8", "content-length": "1"}"#,
        #"{"byteorder": "big", "content-type": "x", "content-encoding": "utf-8", "content-length": 1234567890123456789}"#,
        #"{"byteorder": "big", "content-type": "x", "content-encoding": "utf-8", "content-length": 16777217}"#,
        #"{"byteorder": "big", "content-type": "x", "content-encoding": "utf-8", "content-length": 01}"#,
        #"{"byteorder": "big", "content-type": "x", "content-encoding": "utf-8", "content-length": 1} x"#,
        #"{"byteorder": "big", "content-type": "x", "content-encoding": "utf-8", "content-length": 1,}"#,
        #"{"byteorder": "big" "content-type": "x", "content-encoding": "utf-8", "content-length": 1}"#,
        "{\"byteorder\": \"big\", \"content-type\": \"x\ty\", \"content-encoding\": \"utf-8\", \"content-length\": 1}",
        #"{"byteorder": "big", "content-type": tru, "content-encoding": "utf-8", "content-length": 1}"#,
        #"["byteorder"]"#, "{}", "{", "", " ", "\"x\"", "{\"a\": 1e}", "{\"a\": -}", "{\"a\": 1.}",
    ])
    func anythingElseGoesToTheTree(_ text: String) {
        #expect(flat(text) == nil)
        let parsed = Result { () throws(FrameError) in try JSONHeader.parse(Array(text.utf8)) }
        #expect(parsed == tree(text))
    }

    @Test func invalidUTF8InAStringGoesToTheTree() {
        let bytes = Array(#"{"byteorder": "big", "content-type": ""#.utf8) + [0xC3, 0x28]
            + Array(#"", "content-encoding": "utf-8", "content-length": 1}"#.utf8)
        #expect(JSONHeader.readFlat(bytes, limits: .default) == nil)
        #expect(throws: FrameError.headerNotUTF8(offset: 38)) { try JSONHeader.parse(bytes) }
    }

    @Test func aDepthLimitBelowOneGoesToTheTree() {
        let limits = FrameLimits(maxJSONDepth: 0)
        #expect(flat(Self.pythonHeader, limits: limits) == nil)
        #expect(Result { () throws(FrameError) in try JSONHeader.parse(Array(Self.pythonHeader.utf8), limits: limits) }
            == tree(Self.pythonHeader, limits: limits))
    }

    /// Strings are scanned eight bytes at a time: a quote, backslash, control or non-ASCII byte at
    /// every position of strings of every length up to three words is found where it is.
    @Test func everyStopByteAtEveryPositionOfAString() {
        for length in 0...24 {
            for position in -1..<length {
                for stop: [UInt8] in [[0x22], [0x5C], [0x01], [0x1F], [0x7F], [0xC3, 0xA9], [0xC3], [0xFF]] {
                    var value = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if position >= 0 { value.replaceSubrange(position...position, with: stop) }
                    let bytes = Array(#"{"byteorder": "big", "content-type": ""#.utf8) + value
                        + Array(#"", "content-encoding": "utf-8", "content-length": 1}"#.utf8)
                    let tree = Result { () throws(FrameError) in try JSONHeader.parseTree(bytes, limits: .default) }
                    let fast = JSONHeader.readFlat(bytes, limits: .default)
                    let plain = position < 0 || stop == [0x7F] || stop == [0xC3, 0xA9]
                    #expect((fast != nil) == plain, "length \(length), \(stop) at \(position)")
                    if let fast { #expect(tree == .success(fast)) }
                }
            }
        }
    }

    /// Every one-byte change of a valid header: whenever the fast path answers, the tree agrees.
    @Test func mutatedHeadersAgreeWithTheTree() {
        let base = Array(#"{"byteorder": "big", "content-type": "té", "content-encoding": "utf-8", "content-length": 41, "x": null}"#.utf8)
        let replacements: [UInt8] = Array(" \t\n\"\\{}[],:-+.0123456789eEtfnul\u{7F}".utf8) + [0x00, 0x80, 0xC3, 0xFF]
        var answered = 0
        for index in base.indices {
            for byte in replacements {
                var bytes = base
                bytes[index] = byte
                guard let fast = JSONHeader.readFlat(bytes, limits: .default) else { continue }
                answered += 1
                #expect(Result.success(fast) == Result { () throws(FrameError) in try JSONHeader.parseTree(bytes, limits: .default) },
                        "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
        #expect(answered > 100)
    }
}

/// `JSONHeader.readCanonical` (a header in the form peers write, read as constant bytes) against
/// the member loop (`readMembers`) and the tree it stands in for.
@Suite struct CanonicalHeaderTests {
    static let canonical = [
        FlatJSONReaderTests.pythonHeader,
        #"{"byteorder": "big", "content-type": "binary/custom-client-binary-type", "content-encoding": "binary", "content-length": 10}"#,
        #"{"byteorder": "little", "content-type": "", "content-encoding": "", "content-length": 0}"#,
        #"{"byteorder": "big", "content-type": "text/😃", "content-encoding": "ütf-8", "content-length": 999999999999999999}"#,
    ]

    /// `readCanonical` answers nil or what `readMembers` and `parseTree` give.
    func expectAgreement(_ bytes: [UInt8], limits: FrameLimits = .default, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let canonical = JSONHeader.readCanonical(bytes, limits: limits) else { return false }
        // The bytes it accepts are exactly the header's `encoded`: it keeps no bytes for its members.
        #expect(canonical.encoded == bytes, sourceLocation: sourceLocation)
        #expect(JSONHeader.readMembers(bytes, limits: limits) == canonical, sourceLocation: sourceLocation)
        #expect(Result { () throws(FrameError) in try JSONHeader.parseTree(bytes, limits: limits) } == .success(canonical),
                sourceLocation: sourceLocation)
        return true
    }

    @Test(arguments: canonical)
    func thePeersFormTakesTheCanonicalPath(_ text: String) throws {
        #expect(expectAgreement(Array(text.utf8), limits: FrameLimits(maxContentLength: .max)))
        // Over the limit, or a depth limit below 1: the canonical path declines, as the member loop does.
        let length = try #require(JSONHeader.readCanonical(Array(text.utf8), limits: FrameLimits(maxContentLength: .max))).contentLength
        if length > 0 {
            #expect(JSONHeader.readCanonical(Array(text.utf8), limits: FrameLimits(maxContentLength: length - 1)) == nil)
        }
        #expect(JSONHeader.readCanonical(Array(text.utf8), limits: FrameLimits(maxJSONDepth: 0)) == nil)
    }

    @Test(arguments: [
        #"{"byteorder":"little", "content-type": "a", "content-encoding": "b", "content-length": 1}"#,
        #"{"content-type": "a", "byteorder": "little", "content-encoding": "b", "content-length": 1}"#,
        #"{"byteorder": "little", "content-type": "a", "content-encoding": "b", "content-length": 1} "#,
        #"{"byteorder": "little", "content-type": "a", "content-encoding": "b", "content-length": 01}"#,
        #"{"byteorder": "little", "content-type": "a", "content-encoding": "b", "content-length": 1.5}"#,
        #"{"byteorder": "little", "content-type": "a", "content-encoding": "b", "content-length": -1}"#,
        #"{"byteorder": "little", "content-type": "a", "content-encoding": "b", "content-length": }"#,
        #"{"byteorder": "little", "content-type": "a", "content-encoding": "b", "content-length": "#,
        #"{"byteorder": "little", "content-type": "a", "content-encoding": "b", "content-length": 1, "x": 2}"#,
        #"{"byteorder": "little", "content-type": "a"", "content-encoding": "b", "content-length": 1}"#,
        #"{"byteorder": "little", "content-type": 1, "content-encoding": "b", "content-length": 1}"#,
        #"{"byteorder": "middle", "content-type": "a", "content-encoding": "b", "content-length": 1}"#,
    ])
    func anyOtherFormIsLeftToTheMemberLoop(_ text: String) {
        #expect(!expectAgreement(Array(text.utf8)))
    }

    /// A canonical header's content-length is taken exactly when the tree takes it (a space
    /// around it is another form: the member loop's).
    @Test(arguments: ["0", "00", "01", "7", "41", "999999999999999999", "1000000000000000000", "1.0", "1e2", "-1", "-0",
                      "+1", " 1", "1 ", "", "0x1", "\u{661}", "4\u{0}"])
    func contentLengthsAsTheTreeReadsThem(_ digits: String) {
        for start in [#"{"byteorder": "little", "content-type": "text/json", "content-encoding": "utf-8", "content-length": "#,
                      #"{"byteorder": "big", "content-type": "binary/x", "content-encoding": "binary", "content-length": "#] {
            let bytes = Array((start + digits + "}").utf8)
            let limits = FrameLimits(maxContentLength: .max)
            let treeAccepts = (try? JSONHeader.parseTree(bytes, limits: limits)) != nil
            #expect(expectAgreement(bytes, limits: limits) == (treeAccepts && !digits.contains(" ")), "\(digits.debugDescription)")
        }
    }

    /// Every one-byte change, deletion and insertion, and every prefix, of the canonical headers.
    @Test(arguments: canonical)
    func mutatedCanonicalHeadersAgree(_ text: String) {
        let base = Array(text.utf8)
        let replacements: [UInt8] = Array(" \t\n\"\\{}[],:-+.0123456789eEtfnulbig\u{7F}".utf8) + [0x00, 0x80, 0xC3, 0xFF]
        var answered = 0
        for edited in oneByteEdits(of: base, with: replacements) {
            if expectAgreement(edited, limits: FrameLimits(maxContentLength: .max)) { answered += 1 }
        }
        for index in base.indices {
            _ = expectAgreement(Array(base[..<index]), limits: FrameLimits(maxContentLength: .max))
        }
        #expect(answered > 50)
    }
}

/// `AppResponder.replyFrame` is byte for byte `reply(to:).encoded`, errors included.
@Suite struct ReplyFrameTests {
    func expectSameReply(_ request: Message, sourceLocation: SourceLocation = #_sourceLocation) {
        let frame = Result { () throws(FrameError) in try AppResponder.replyFrame(to: request) }
        let reference = Result { () throws(FrameError) in try AppResponder.reply(to: request).encoded }
        #expect(frame == reference, sourceLocation: sourceLocation)
        // The same request left in the bytes read (`nextInPlace`), and owning its bytes.
        let owned = Result { () throws(FrameError) in try AppResponder.replyFrame(to: ReceivedMessage(request)) }
        #expect(owned == reference, sourceLocation: sourceLocation)
        guard request.headerBytes.count <= 0xFFFF else { return }
        request.encoded.withUnsafeBytes { bytes in
            var decoder = FrameDecoder(limits: FrameLimits(maxContentLength: .max))
            guard let received = try? decoder.nextInPlace(feeding: bytes) else {
                Issue.record("not decoded", sourceLocation: sourceLocation)
                return
            }
            #expect(received.isInPlace == (JSONHeader.readCanonical(request.headerBytes, limits: .default) != nil), sourceLocation: sourceLocation)
            #expect(received.message == request, sourceLocation: sourceLocation)
            let inPlace = Result { () throws(FrameError) in try AppResponder.replyFrame(to: received) }
            #expect(inPlace == reference, sourceLocation: sourceLocation)
        }
    }

    func json(_ content: String, encoding: String = "utf-8") -> Message {
        Message(contentType: "text/json", contentEncoding: encoding, content: Array(content.utf8))
    }

    @Test func everySearchOfTheTableAndMisses() {
        for query in Array(AppResponder.searchTable.keys) + ["", "nobody", "Morpheus", "it's \u{1F436}", "\u{202E}"] {
            expectSameReply(AppRequest.search(query).message())
        }
    }

    @Test func binaryRequestsOfEveryShortLength() {
        for count in 0...12 {
            expectSameReply(Message(contentType: "binary/custom-client-binary-type", contentEncoding: "binary",
                                    content: Array("binary😃abc".utf8.prefix(count))))
        }
        expectSameReply(Message(contentType: "image/png", contentEncoding: "binary", content: [0, 0xFF, 0x1B]))
    }

    @Test(arguments: [
        #"{"action": "find", "value": "x"}"#,
        #"{"value": "x", "action": "search"}"#,
        #"{"action": "search", "value": "ring", "action": "other"}"#,
        #"{"action": "search"}"#,
        #"{"value": "morpheus"}"#,
        #"{"action": "search", "value": 41}"#,
        #"{"action": "search", "value": 4.5e1}"#,
        #"{"action": "search", "value": null}"#,
        #"{"action": "search", "value": ["ring"]}"#,
        #"{"action": 1, "value": "ring"}"#,
        #"{"action": "search", "value": "a\"b"}"#,
        #"{"action": "search", "value": "\u0072ing"}"#,
        #"{"action": "search", "value": "ring"} x"#,
        #"["search"]"#, "", "{}", "{\"action\": \"search\", \"value\": \"ring\"",
    ])
    func jsonRequestsOfEveryShape(_ content: String) {
        expectSameReply(json(content))
    }

    /// Every one-byte change, deletion and insertion of the search a client sends (its form is
    /// read as constant bytes): the same reply or error as `reply(to:)`.
    @Test func mutatedSearchRequests() {
        for query in ["morpheus", "ring", "x", ""] {
            let base = AppRequest.search(query).message().content
            let replacements: [UInt8] = Array(" \t\"\\{}[],:-1enulsearchvalue\u{7F}".utf8) + [0x00, 0x80, 0xC3, 0xFF]
            for edited in oneByteEdits(of: base, with: replacements) {
                expectSameReply(Message(contentType: "text/json", contentEncoding: "utf-8", content: edited))
            }
        }
    }

    @Test func encodingsAndBadContent() {
        expectSameReply(json(#"{"action": "search", "value": "ring"}"#, encoding: "UTF8"))
        expectSameReply(json(#"{"action": "search", "value": "ring"}"#, encoding: "ascii"))
        expectSameReply(json(#"{"action": "search", "value": "ring"}"#, encoding: "latin-1"))
        expectSameReply(json(#"{"action": "search", "value": "ring"}"#, encoding: "utf-16"))
        expectSameReply(json(#"{"action": "search", "value": "é"}"#, encoding: "ascii"))
        expectSameReply(Message(contentType: "text/json", contentEncoding: "utf-8",
                                content: Array(#"{"action": "search", "value": ""#.utf8) + [0xFF] + Array(#""}"#.utf8)))
    }
}

/// Every change of one byte of `base` to one of `replacements`, every insertion of one of them,
/// and every deletion of one byte.
func oneByteEdits(of base: [UInt8], with replacements: [UInt8]) -> [[UInt8]] {
    var edits: [[UInt8]] = []
    for index in base.indices {
        for byte in replacements {
            var changed = base
            changed[index] = byte
            edits.append(changed)
            var inserted = base
            inserted.insert(byte, at: index)
            edits.append(inserted)
        }
        var removed = base
        removed.remove(at: index)
        edits.append(removed)
    }
    return edits
}
