import FrameCore

/// Expected bytes, written out by hand from PROTOCOL.md: frames, requests and replies.
///
/// Why by hand and not with `Message.encoded`: the tests compare what the peers send and receive
/// against these bytes, so a change in the code under test cannot hide itself by changing the
/// expectation too. The header keys are in the tutorial's fixed order.
public enum Wire {
    /// A frame as the tutorial's sender writes it: proto-header, JSON header, content.
    public static func frame(contentType: String, contentEncoding: String, content: [UInt8],
                             byteorder: String = Message.hostByteOrder) -> [UInt8] {
        let header = "{\"byteorder\": \"\(byteorder)\", \"content-type\": \"\(contentType)\", \"content-encoding\": \"\(contentEncoding)\", \"content-length\": \(content.count)}"
        return raw(header: header, content: content)
    }

    /// A frame from a literal header text (for malformed headers) and content.
    public static func raw(header: String, content: [UInt8] = []) -> [UInt8] {
        raw(headerBytes: Array(header.utf8), content: content)
    }

    /// A frame from literal header bytes (for headers that are not even UTF-8) and content.
    public static func raw(headerBytes h: [UInt8], content: [UInt8] = []) -> [UInt8] {
        [UInt8(h.count >> 8), UInt8(h.count & 0xFF)] + h + content
    }

    /// The app client's search request.
    public static func search(_ value: String) -> [UInt8] {
        frame(contentType: "text/json", contentEncoding: "utf-8",
              content: Array("{\"action\": \"search\", \"value\": \"\(value)\"}".utf8))
    }

    /// The app server's JSON reply.
    public static func jsonReply(_ result: String) -> [UInt8] {
        frame(contentType: "text/json", contentEncoding: "utf-8", content: Array("{\"result\": \"\(result)\"}".utf8))
    }

    /// The app client's binary request.
    public static func binary(_ content: [UInt8]) -> [UInt8] {
        frame(contentType: "binary/custom-client-binary-type", contentEncoding: "binary", content: content)
    }

    /// The app server's reply to a binary request: the request's first 10 content bytes, quoted.
    public static func binaryReply(_ first10: [UInt8]) -> [UInt8] {
        frame(contentType: "binary/custom-server-binary-type", contentEncoding: "binary",
              content: Array("First 10 bytes of request: ".utf8) + first10)
    }

    /// A well-behaved request and its exact reply; `n` makes each one unique, so a reply that went
    /// to the wrong client, or was cut, or mixed with another, cannot pass.
    public static func goodPair(_ n: Int) -> (request: [UInt8], reply: [UInt8]) {
        switch n % 5 {
        case 0, 1, 2: return (AppCase.all[n % 5].request, AppCase.all[n % 5].reply)
        case 3: return (search("client-\(n)"), jsonReply("No match for 'client-\(n)'."))
        default:
            let content = Array("bin\(n)".utf8) + [0xF0, 0x9F, 0x98, 0x83] + Array(repeating: UInt8(n & 0x7F), count: n % 300)
            return (binary(content), binaryReply(Array(content.prefix(10))))
        }
    }
}
