import Testing

/// One request of the table every app test uses, with its exact reply bytes and the line the
/// client prints for it (the tutorial's search table, a miss, and a binary request).
///
/// Why a table: every peer pairing (in process, CLI, the Python peers) must give the same bytes
/// and lines for the same requests, so they share one list.
public struct AppCase: Sendable, CustomTestStringConvertible {
    public var action: String
    public var value: String
    public var request: [UInt8]
    public var reply: [UInt8]
    public var line: String
    public var testDescription: String { "\(action) \(value)" }

    public init(action: String, value: String, request: [UInt8], reply: [UInt8], line: String) {
        self.action = action
        self.value = value
        self.request = request
        self.reply = reply
        self.line = line
    }

    public static let all: [AppCase] = [
        AppCase(action: "search", value: "morpheus", request: Wire.search("morpheus"),
                reply: Wire.jsonReply("Follow the white rabbit. \u{1F430}"),
                line: "Got result: Follow the white rabbit. \u{1F430}"),
        AppCase(action: "search", value: "ring", request: Wire.search("ring"),
                reply: Wire.jsonReply("In the caves beneath the Misty Mountains. \u{1F48D}"),
                line: "Got result: In the caves beneath the Misty Mountains. \u{1F48D}"),
        AppCase(action: "search", value: "\u{1F436}", request: Wire.search("\u{1F436}"),
                reply: Wire.jsonReply("\u{1F43E} Playing ball! \u{1F3D0}"),
                line: "Got result: \u{1F43E} Playing ball! \u{1F3D0}"),
        AppCase(action: "search", value: "nothing", request: Wire.search("nothing"),
                reply: Wire.jsonReply("No match for 'nothing'."),
                line: "Got result: No match for 'nothing'."),
        AppCase(action: "binary", value: "\u{1F603}",
                request: Wire.binary([0x62, 0x69, 0x6E, 0x61, 0x72, 0x79, 0xF0, 0x9F, 0x98, 0x83]),
                reply: Wire.binaryReply([0x62, 0x69, 0x6E, 0x61, 0x72, 0x79, 0xF0, 0x9F, 0x98, 0x83]),
                line: "Got response: b'First 10 bytes of request: binary\\xf0\\x9f\\x98\\x83'"),
    ]
}
