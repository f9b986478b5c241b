import FrameCore

/// `ConnectionStats` as a JSON object with snake_case keys, and back.
enum StatsCoding {
    // Key paths are immutable values; the array is never written after initialisation.
    private nonisolated(unsafe) static let fields: [(String, WritableKeyPath<ConnectionStats, Int>)] = [
        ("bytes_in", \.bytesIn), ("bytes_out", \.bytesOut), ("messages_in", \.messagesIn), ("messages_out", \.messagesOut),
        ("send_queue", \.sendQueue), ("receive_buffer", \.receiveBuffer), ("kernel_recv_q", \.kernelRecvQ),
        ("kernel_send_q", \.kernelSendQ),
    ]

    static func json(_ stats: ConnectionStats) -> String {
        "{" + fields.map { "\"\($0.0)\": \(stats[keyPath: $0.1])" }.joined(separator: ", ") + "}"
    }

    /// Missing keys read as 0 (an older or hand-written file); a non-integer is an error.
    static func stats(_ value: JSONValue) -> ConnectionStats? {
        guard case .object = value else { return nil }
        var stats = ConnectionStats()
        for (key, path) in fields {
            guard let member = value[key] else { continue }
            guard case let .number(text) = member, let number = Int(text) else { return nil }
            stats[keyPath: path] = number
        }
        return stats
    }
}
