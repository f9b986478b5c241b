/// The client side of the application protocol: what `app-client.py` prints for a reply.
public enum AppReply {
    /// `Got result: RESULT` for a JSON reply, `Got response: b'…'` (Python's bytes repr) otherwise.
    public static func line(for reply: Message, limits: FrameLimits = .default) throws(FrameError) -> String {
        guard reply.isJSON else { return "Got response: " + PythonRepr.bytes(reply.content) }
        let value = try reply.jsonContent(limits: limits)
        return "Got result: " + (value["result"] ?? .null).pythonStr
    }
}
