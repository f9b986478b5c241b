import FrameCore

/// One request a client sent in a recording and the reply it got, for `replay --against`: the
/// bytes each way of one connection, from the client's point of view.
public struct RecordedExchange: Equatable, Sendable {
    /// The recording's connection number.
    public var connection: Int
    public var request: [UInt8]
    public var reply: [UInt8]

    public init(connection: Int, request: [UInt8], reply: [UInt8]) {
        self.connection = connection
        self.request = request
        self.reply = reply
    }

    /// The exchanges of a recording, in the order their connections opened. When the recording
    /// holds client ends (a client, the TUI, any pcap) those are used; a server's recording gives
    /// its connections seen from the other side. Connections that sent nothing are left out.
    public static func from(_ events: [SessionEvent]) -> [RecordedExchange] {
        var sides: [Int: SessionEvent.Side] = [:]
        var order: [Int] = []
        var sent: [Int: [UInt8]] = [:]
        var received: [Int: [UInt8]] = [:]
        for event in events {
            guard let id = event.connection else { continue }
            switch event.kind {
            case let .opened(side, _, _):
                if sides[id] == nil { order.append(id) }
                sides[id] = side
            case let .bytes(direction, bytes):
                if direction == .out { sent[id, default: []] += bytes } else { received[id, default: []] += bytes }
            default:
                break
            }
        }
        let useClients = sides.values.contains(.client)
        return order.compactMap { id in
            let side = sides[id]!
            guard useClients == (side == .client) else { return nil }
            let request = (side == .client ? sent[id] : received[id]) ?? []
            let reply = (side == .client ? received[id] : sent[id]) ?? []
            guard !request.isEmpty else { return nil }
            return RecordedExchange(connection: id, request: request, reply: reply)
        }
    }

    /// A few words on what the request is: `search morpheus`, `binary request (10 bytes)`, or
    /// `146 bytes (not a valid frame: …)`. Text from the file is escaped (`PythonRepr`) and cut.
    public var summary: String {
        var decoder = FrameDecoder()
        decoder.feed(request)
        let message: Message?
        do {
            message = try decoder.next()
        } catch {
            return "\(request.count) bytes, a malformed frame (\(error))"
        }
        guard let message else { return "\(request.count) bytes, an incomplete frame" }
        if message.isJSON, let content = try? message.jsonContent(),
           case let .string(action)? = content["action"] {
            // The file's text, escaped and cut: `replay --against` prints it to the terminal.
            return PythonRepr.escaped("\(action) \(content["value"]?.pythonStr ?? "")", maxBytes: 200)
        }
        return "\(PythonRepr.escaped(message.header.contentType, maxBytes: 200)) request (\(message.content.count) bytes)"
    }

    /// How a new reply compares with the recorded one, in words; nil when byte-identical.
    public func difference(from reply: [UInt8]) -> String? {
        guard reply != self.reply else { return nil }
        let common = zip(reply, self.reply).prefix { $0 == $1 }.count
        let position = "first difference at byte \(common)"
        func at(_ bytes: [UInt8]) -> String {
            common < bytes.count ? "0x" + PythonRepr.hex2(bytes[common]) : "end"
        }
        return "reply differs: \(reply.count) bytes, recorded \(self.reply.count); \(position) (got \(at(reply)), recorded \(at(self.reply)))"
    }
}
