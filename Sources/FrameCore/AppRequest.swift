/// A request of the tutorial's application protocol, built exactly as `app-client.py` builds it.
public enum AppRequest: Equatable, Sendable {
    /// `search VALUE`: a text/json request `{"action": "search", "value": VALUE}`.
    case search(String)
    /// Any other action: a binary request whose content is the UTF-8 of ACTION followed by VALUE.
    case binary(action: String, value: String)

    /// The client's rule: the action `search` is JSON, any other action is binary.
    public init(action: String, value: String) {
        self = action == "search" ? .search(value) : .binary(action: action, value: value)
    }

    /// The framed message, byte for byte what the tutorial's client sends (its byteorder is
    /// the sender's CPU order, so tests can pin it).
    public func message(byteorder: String = Message.hostByteOrder) -> Message {
        switch self {
        case let .search(value):
            let text = "{" + JSONValue.quoted("action") + ": " + JSONValue.quoted("search") + ", "
                + JSONValue.quoted("value") + ": " + JSONValue.quoted(value) + "}"
            return Message(contentType: "text/json", contentEncoding: "utf-8", content: Array(text.utf8), byteorder: byteorder)
        case let .binary(action, value):
            return Message(contentType: "binary/custom-client-binary-type", contentEncoding: "binary",
                           content: Array((action + value).utf8), byteorder: byteorder)
        }
    }
}
