/// The client side of the application protocol: what `app-client.py` prints for a reply.
public enum AppReply {
    /// `Got result: RESULT` for a JSON reply, `Got response: b'…'` (Python's bytes repr) otherwise.
    /// A reply whose content a decoder's `contentWindow` cut shows its first bytes and how many more
    /// there were, whatever its type (a cut JSON text cannot be parsed).
    public static func line(for reply: Message, limits: FrameLimits = .default) throws(FrameError) -> String {
        guard reply.isContentComplete else {
            return "Got response: " + PythonRepr.bytes(reply.content) + " … \(reply.omittedContentBytes) more bytes"
        }
        guard reply.isJSON else { return "Got response: " + PythonRepr.bytes(reply.content) }
        let value = try reply.jsonContent(limits: limits)
        return "Got result: " + (value["result"] ?? .null).pythonStr
    }
}
