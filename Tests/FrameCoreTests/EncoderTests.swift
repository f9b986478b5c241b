import Testing
@testable import FrameCore

@Suite struct EncoderTests {
    @Test func searchRequestMatchesTheTutorialByteForByte() {
        #expect(AppRequest.search("morpheus").message(byteorder: "big").encoded == morpheusBig)
    }

    @Test func littleEndianHeaderIs103Bytes() {
        let bytes = AppRequest.search("morpheus").message(byteorder: "little").encoded
        #expect(Array(bytes.prefix(8)) == [0x00, 0x67, 0x7b, 0x22, 0x62, 0x79, 0x74, 0x65])
    }

    @Test func binaryRequestIsActionThenValueInUTF8() {
        let message = AppRequest(action: "binary", value: "\u{1F603}").message(byteorder: "little")
        #expect(message.content == Array("binary\u{1F603}".utf8))
        #expect(message.content.count == 10)
        #expect(message.header.contentType == "binary/custom-client-binary-type")
        #expect(message.header.contentEncoding == "binary")
        let text = String(decoding: message.headerBytes, as: UTF8.self)
        #expect(text == "{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}")
    }

    @Test func nonASCIIIsWrittenAsUTF8AndControlsAreEscapedAsPythonDoes() {
        let message = AppRequest.search("\u{1F436}\"\\\n\u{01}").message(byteorder: "big")
        let text = String(decoding: message.content, as: UTF8.self)
        #expect(text == "{\"action\": \"search\", \"value\": \"\u{1F436}\\\"\\\\\\n\\u0001\"}")
    }

    @Test func hostByteOrderIsLittleOrBig() {
        #expect(["little", "big"].contains(Message.hostByteOrder))
    }
}
