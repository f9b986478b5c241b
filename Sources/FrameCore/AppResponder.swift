/// The server side of the application protocol: the reply `app-server.py` gives to a request.
///
/// Pure, so the same answers come from the reference server, the TUI's embedded server and tests.
public enum AppResponder {
    /// The tutorial's search table.
    public static let searchTable: [String: String] = [
        "morpheus": "Follow the white rabbit. \u{1F430}",
        "ring": "In the caves beneath the Misty Mountains. \u{1F48D}",
        "\u{1F436}": "\u{1F43E} Playing ball! \u{1F3D0}",
    ]

    /// The prefix of the reply to any non-JSON request.
    public static let binaryReplyPrefix = "First 10 bytes of request: "

    /// The content-type of the reply to any non-JSON request.
    static let binaryReplyType = "binary/custom-server-binary-type"

    /// The reply to `request`. Throws when a text/json request's content cannot be decoded
    /// (unknown encoding, not JSON, not an object), which ends that connection.
    public static func reply(to request: Message, limits: FrameLimits = .default) throws(FrameError) -> Message {
        guard request.isJSON else {
            return Message(contentType: binaryReplyType, contentEncoding: "binary",
                           content: Array(binaryReplyPrefix.utf8) + request.content.prefix(10))
        }
        let result = try searchResult(for: request.jsonContent(limits: limits))
        var content: [UInt8] = []
        content.reserveCapacity(14 + result.utf8.count)
        content.append(contentsOf: "{\"result\": ".utf8)
        JSONValue.appendQuoted(result, to: &content)
        content.append(UInt8(ascii: "}"))
        return Message(contentType: "text/json", contentEncoding: "utf-8", content: content)
    }

    /// The result text for a decoded JSON request, formatted as the tutorial's f-strings do
    /// (a missing value or action prints as `None`).
    public static func searchResult(for request: JSONValue) -> String {
        let action = request["action"] ?? .null
        guard action == .string("search") else {
            return "Error: invalid action '\(action.pythonStr)'."
        }
        let value = request["value"] ?? .null
        if case let .string(query) = value, let hit = searchTable[query] {
            return hit
        }
        return "No match for '\(value.pythonStr)'."
    }

    /// The server's log line for a received request, as `app-server.py` prints it (without the address).
    public static func describe(_ request: Message) -> String {
        if request.isJSON, let value = try? request.jsonContent() {
            return "received request \(value.pythonRepr)"
        }
        return "received \(request.header.contentType) request"
    }
}
