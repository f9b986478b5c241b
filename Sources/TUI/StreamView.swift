import DequeModule
import FrameCore

/// One direction of one connection as the TUI sees it: the recent bytes, each tagged with its
/// frame part, the messages decoded from them, and where the decoder stands.
///
/// It runs its own `FrameDecoder` over the raw bytes of the event stream, so it decodes any
/// peer's traffic (ours, the tutorial's) and a recording will replay through the same code.
/// Memory is bounded by `TUILimits`, never by the peer: the decoder keeps only a window of
/// each message's content (`contentWindow`) and counts the rest, so a header declaring
/// 999,999,999,999,999,999 bytes costs nothing, and the dump ring keeps the newest bytes only.
public struct StreamView: Sendable {
    public let direction: SessionEvent.Direction
    /// False for echo traffic, which has no framing: bytes are shown as raw content.
    public let framed: Bool
    public private(set) var bytes: Deque<DumpByte> = []
    /// Stream offset of `bytes.first`.
    public private(set) var firstOffset = 0
    public private(set) var total = 0
    public private(set) var messages: Deque<DecodedMessage> = []
    private var decoder: FrameDecoder
    private var messageStarts: [Int: Int] = [:]
    /// Bytes below this offset have their final part; a byte's part follows from its position,
    /// so it never changes once known, and each byte is classified once (linear in the stream).
    private var classifiedUpTo = 0
    private var decodedCount = 0
    /// Bytes that went by without being kept (the UI fell behind) where the decoder could not
    /// count them as content: framing is lost, and the rest of the stream is shown undecoded.
    public private(set) var lostBytes: Int?
    private let limits: TUILimits

    public init(direction: SessionEvent.Direction, framed: Bool, limits: TUILimits) {
        self.direction = direction
        self.framed = framed
        self.limits = limits
        decoder = FrameDecoder(limits: FrameLimits(maxContentLength: Int.max), recordsSpans: true,
                               contentWindow: limits.contentBytesPerMessage)
    }

    /// Where the decoder stands in a partial message; nil when idle or after an error.
    public var progress: DecoderProgress? {
        guard framed, lostBytes == nil, let p = decoder.progress, !p.isIdle else { return nil }
        return p
    }

    /// The framing error that stopped decoding, if any.
    public var failure: FrameError? { framed ? decoder.failure : nil }

    /// Counts `count` bytes that were not kept (the queue from the loop dropped them). Inside a
    /// message's content the decoder just counts them; anywhere else the framing is lost.
    @discardableResult
    public mutating func skip(_ count: Int) -> [DecodedMessage] {
        total += count
        bytes.removeAll()
        firstOffset = total
        guard framed, lostBytes == nil, decoder.failure == nil else { return [] }
        guard decoder.skipContent(count) else {
            lostBytes = count
            return []
        }
        return decodeAvailable()
    }

    /// Appends arrived bytes; returns the messages they completed.
    @discardableResult
    public mutating func append(_ data: [UInt8]) -> [DecodedMessage] {
        total += data.count
        // Only the newest `bytesPerStream` bytes can stay in the ring: older ones of a big read
        // are never stored at all.
        let part: FramePart = framed ? .unparsed : .content
        let kept = data.suffix(limits.bytesPerStream).map { DumpByte(value: $0, part: part) }
        if kept.count == limits.bytesPerStream {
            bytes = Deque(kept)
        } else {
            let overflow = bytes.count + kept.count - limits.bytesPerStream
            if overflow > 0 { bytes.removeFirst(min(overflow, bytes.count)) }
            bytes.append(contentsOf: kept)
        }
        firstOffset = total - bytes.count
        guard framed, lostBytes == nil else { return [] }
        decoder.feed(data)
        return decodeAvailable()
    }

    /// Takes every message the decoder can complete and classifies the kept bytes by part.
    private mutating func decodeAvailable() -> [DecodedMessage] {
        var decoded: [Message] = []
        // A framing error ends the loop; `failure` then reports it.
        while let m = try? decoder.next() { decoded.append(m) }
        let spans = decoder.takeSpans() + [decoder.pendingSpan].compactMap { $0 }
        for span in spans {
            if span.part == .protoHeader, messageStarts[span.message] == nil { messageStarts[span.message] = span.range.lowerBound }
            let lower = max(span.range.lowerBound, classifiedUpTo, firstOffset)
            let upper = min(span.range.upperBound, firstOffset + bytes.count)
            guard lower < upper else { continue }
            for offset in lower..<upper { bytes[offset - firstOffset].part = span.part }
            classifiedUpTo = upper
        }
        var completed: [DecodedMessage] = []
        for m in decoded {
            let index = decodedCount
            decodedCount += 1
            let message = DecodedMessage(index: index, direction: direction, startOffset: messageStarts.removeValue(forKey: index) ?? 0,
                                         message: m)
            messages.append(message)
            completed.append(message)
        }
        while messages.count > limits.messagesPerStream { messages.removeFirst() }
        return completed
    }
}
