import FrameCore

extension TUIState {
    /// Bytes of one direction that went by without reaching the model (the queue from the event
    /// loop is bounded and the screen fell behind): the stream counts them, the decoder follows
    /// through them when they are content, and the log says how many there were.
    public mutating func applyGap(time: Double, connection id: Int, direction: SessionEvent.Direction, count: Int) {
        guard let i = live.index(of: id) else { return }
        let decoded = direction == .out ? live.connections[i].sent.skip(count) : live.connections[i].received.skip(count)
        let event = SessionEvent(time: time, connection: id, kind: .bytes(direction, []))
        let what = direction == .out ? "sent" : "received"
        let lost = live.connections[i].stream(direction).lostBytes != nil
        log(event, "\(Int.grouped(count)) \(what) bytes not kept: the screen fell behind" + (lost ? "; framing lost, decoding stops" : ""),
            level: lost ? .error : .info)
        for m in decoded {
            log(event, "decoded \(what) message \(m.index): \(m.header.contentType), \(m.contentLength) bytes of content")
        }
    }
}
