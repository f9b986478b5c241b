/// The incremental decoder: a state machine over a byte buffer, proto-header → JSON header →
/// content, in the style of swift-nio's `ByteToMessageDecoder`.
///
/// Feed it bytes as they arrive, however split; `next()` returns a message once all of it is
/// buffered and nil ("need more bytes") before that, consuming nothing of a part until the whole
/// part is there. Every length is checked against `limits` as soon as it is known, before the
/// part it announces is buffered. Work is linear in the bytes fed: the buffer is compacted only
/// when its consumed half is the larger.
///
/// Memory follows what has arrived, never what a peer declares: a header announcing
/// 999,999,999,999,999,999 bytes of content reserves nothing (as swift-nio-extras'
/// `LengthFieldBasedFrameDecoder` accumulates, the buffer grows with the bytes received).
///
/// It also says, for every byte fed so far, which part of which message the byte belongs to
/// (`takeSpans()` and `pendingSpan`), and where it stands in a partial message (`progress`).
public struct FrameDecoder: Sendable {
    private enum State: Sendable {
        case protoHeader
        case jsonHeader(length: Int)
        case content(header: JSONHeader, headerBytes: [UInt8])
        case failed(FrameError, at: Int)
    }

    public let limits: FrameLimits
    /// Whether to keep the spans of completed parts for `takeSpans()`; the server's hot path does not.
    public var recordsSpans: Bool
    /// For a viewer (the TUI) rather than a peer: when set, content is not buffered. The decoder
    /// keeps the first `contentWindow` bytes of each message's content, counts the rest as it
    /// arrives, and returns a `Message` holding only that prefix (its `header.contentLength` says
    /// how long the content was). Memory then stays bounded whatever length a peer declares.
    public var contentWindow: Int?

    private var state: State = .protoHeader
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Stream offset of `buffer[readIndex]`: every byte before it is consumed.
    private var consumed = 0
    private var spans: [ByteSpan] = []
    /// With `contentWindow`: content bytes of the current message counted so far, and the prefix kept.
    private var contentSeen = 0
    private var contentKept: [UInt8] = []
    /// Messages fully decoded so far; also the index of the message being read.
    public private(set) var messagesDecoded = 0

    public init(limits: FrameLimits = .default, recordsSpans: Bool = false, contentWindow: Int? = nil) {
        self.limits = limits
        self.recordsSpans = recordsSpans
        self.contentWindow = contentWindow
    }

    /// Bytes fed so far, consumed or not.
    public var bytesReceived: Int {
        if case let .failed(_, at) = state { return at + failedBytes }
        return consumed + buffered
    }
    private var failedBytes = 0

    /// Bytes held but not yet consumed: the application's receive buffer.
    public var buffered: Int { buffer.count - readIndex }

    /// Bytes the buffer has room for: what it costs in memory (a content part reserves ahead of
    /// what arrived, see `growIfNeeded`, and reused heap pages are resident however few are filled).
    public var bufferCapacity: Int { buffer.capacity }

    /// The error the stream failed with, once it has.
    public var failure: FrameError? {
        if case let .failed(error, _) = state { return error }
        return nil
    }

    /// Appends bytes to the buffer.
    public mutating func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if case .failed = state {
            failedBytes += bytes.count
            return
        }
        growIfNeeded(for: bytes.count)
        buffer.append(contentsOf: bytes)
    }

    /// `feed` for bytes straight from a read buffer: one memcpy, whatever module calls it (the
    /// generic version may run unspecialised across a module boundary, byte by byte).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        if case .failed = state {
            failedBytes += bytes.count
            return
        }
        guard !bytes.isEmpty else { return }
        growIfNeeded(for: bytes.count)
        buffer.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// `feed(bytes)` then `next()`, in one call: the same message, error, spans, progress and
    /// counts. When nothing is buffered and `bytes` start with a whole frame (the usual request:
    /// one read holds all of it), the message is decoded straight from `bytes`, without copying
    /// them into the buffer first (no buffer allocation, no second copy); whatever follows that
    /// frame is buffered as `feed` would. Only the buffer's capacity can differ (it holds less).
    public mutating func next(feeding bytes: UnsafeRawBufferPointer) throws(FrameError) -> Message? {
        guard let length = directHeaderLength(bytes) else {
            feed(bytes)
            return try next()
        }
        let all = bytes.assumingMemoryBound(to: UInt8.self)
        let headerBytes = Array(UnsafeBufferPointer(rebasing: all[2..<2 + length]))
        noteConsumed(2, as: .protoHeader)
        noteConsumed(length, as: .jsonHeader)
        let rest = UnsafeBufferPointer(rebasing: all[(2 + length)...])
        let header: JSONHeader
        do {
            header = try JSONHeader.parse(headerBytes, limits: limits)
        } catch {
            // As `fail` after the buffered path's `consume`: the bytes after the header are `.unparsed`.
            failedBytes = rest.count
            state = .failed(error, at: consumed)
            throw error
        }
        let contentLength = header.contentLength
        guard rest.count >= contentLength else {
            // Content still to come: the buffered path's `.content` state, the rest buffered.
            state = .content(header: header, headerBytes: headerBytes)
            if !rest.isEmpty {
                growIfNeeded(for: rest.count)
                buffer.append(contentsOf: rest)
            }
            return nil
        }
        let content = Array(UnsafeBufferPointer(rebasing: rest[..<contentLength]))
        noteConsumed(contentLength, as: .content)
        messagesDecoded += 1
        if rest.count > contentLength {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: rest[contentLength...]))
        }
        return Message(header: header, headerBytes: headerBytes, content: content)
    }

    /// `next(feeding:)` for a caller that is done with the message before it lets go of `bytes`
    /// (a server answering a request): when `bytes` start with a whole frame whose header is in
    /// the form peers write (`JSONHeader.readCanonical`) and nothing is buffered, the message is
    /// left where it is, its header and content not copied out. Otherwise (a header in another
    /// form, a partial frame, bytes already buffered, a content window, an error) it is what
    /// `next(feeding:)` returns. Either way the decoder ends in the same state as after
    /// `next(feeding:)`: the same spans, progress, counts and buffered bytes.
    public mutating func nextInPlace(feeding bytes: UnsafeRawBufferPointer) throws(FrameError) -> ReceivedMessage? {
        let all = bytes.assumingMemoryBound(to: UInt8.self)
        guard let length = directHeaderLength(bytes),
              let header = JSONHeader.readCanonical(UnsafeBufferPointer(rebasing: all[2..<2 + length]), limits: limits),
              bytes.count - 2 - length >= header.contentLength
        else {
            return try next(feeding: bytes).map(ReceivedMessage.init)
        }
        let end = 2 + length + header.contentLength
        noteConsumed(2, as: .protoHeader)
        noteConsumed(length, as: .jsonHeader)
        noteConsumed(header.contentLength, as: .content)
        messagesDecoded += 1
        if bytes.count > end {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: all[end...]))
        }
        return ReceivedMessage(header: header, headerBytes: UnsafeBufferPointer(rebasing: all[2..<2 + length]),
                               content: UnsafeBufferPointer(rebasing: all[2 + length..<end]))
    }

    /// Decodes the next message, or returns nil when more bytes are needed.
    /// After an error every later call throws the same error.
    public mutating func next() throws(FrameError) -> Message? {
        while true {
            switch state {
            case let .failed(error, _):
                throw error
            case .protoHeader:
                guard buffered >= 2 else { return nil }
                let length = Int(buffer[readIndex]) << 8 | Int(buffer[readIndex + 1])
                consume(2, as: .protoHeader)
                if length == 0 { try fail(.emptyHeader) }
                if length > limits.maxHeaderLength { try fail(.headerTooLong(length: length, limit: limits.maxHeaderLength)) }
                state = .jsonHeader(length: length)
            case let .jsonHeader(length):
                guard buffered >= length else { return nil }
                let headerBytes = Array(buffer[readIndex..<readIndex + length])
                consume(length, as: .jsonHeader)
                let header: JSONHeader
                do {
                    header = try JSONHeader.parse(headerBytes, limits: limits)
                } catch {
                    try fail(error)
                }
                // The usual case, content all here already: the message is made at once, without
                // a round through the `.content` state (copying the header in and out of it), and
                // a short content is copied out without moving it to the front first.
                if contentWindow == nil, buffered >= header.contentLength {
                    if header.contentLength >= Self.handOverLength { prepareForContent() }
                    let content = takeContent(header.contentLength)
                    state = .protoHeader
                    messagesDecoded += 1
                    return Message(header: header, headerBytes: headerBytes, content: content)
                }
                prepareForContent()
                state = .content(header: header, headerBytes: headerBytes)
            case let .content(header, headerBytes):
                let length = header.contentLength
                if let window = contentWindow {
                    let take = min(buffered, length - contentSeen)
                    let keep = min(take, max(0, window - contentKept.count))
                    contentKept.append(contentsOf: buffer[readIndex..<readIndex + keep])
                    consume(take, as: .content)
                    contentSeen += take
                    guard contentSeen == length else { return nil }
                    let content = contentKept
                    contentKept = []
                    contentSeen = 0
                    state = .protoHeader
                    messagesDecoded += 1
                    return Message(header: header, headerBytes: headerBytes, content: content)
                }
                guard buffered >= length else { return nil }
                let content = takeContent(length)
                state = .protoHeader
                messagesDecoded += 1
                return Message(header: header, headerBytes: headerBytes, content: content)
            }
        }
    }

    /// With `contentWindow`: counts `count` content bytes the caller saw go by but did not keep
    /// (a viewer that fell behind). False, changing nothing, when they would not all be content
    /// of the current message: the caller has then lost the framing.
    public mutating func skipContent(_ count: Int) -> Bool {
        guard contentWindow != nil, case let .content(header, _) = state, buffered == 0,
              count <= header.contentLength - contentSeen else { return false }
        if recordsSpans, count > 0 {
            spans.append(ByteSpan(range: consumed..<consumed + count, message: messagesDecoded, part: .content))
        }
        consumed += count
        contentSeen += count
        return true
    }

    /// Call when the stream has ended: throws `.truncated` if it ended inside a message.
    public func finish() throws(FrameError) {
        guard let progress, !progress.isIdle else {
            if let failure { throw failure }
            return
        }
        throw .truncated(part: progress.part, have: progress.have, need: progress.need)
    }

    /// Where the decoder stands in the message it is reading; nil after an error.
    public var progress: DecoderProgress? {
        switch state {
        case .failed:
            return nil
        case .protoHeader:
            return DecoderProgress(message: messagesDecoded, part: .protoHeader, have: min(buffered, 2), need: 2)
        case let .jsonHeader(length):
            return DecoderProgress(message: messagesDecoded, part: .jsonHeader, have: min(buffered, length), need: length)
        case let .content(header, _):
            return DecoderProgress(message: messagesDecoded, part: .content,
                                   have: contentSeen + min(buffered, header.contentLength - contentSeen), need: header.contentLength)
        }
    }

    /// The spans of parts completed since the last call (only when `recordsSpans`).
    public mutating func takeSpans() -> [ByteSpan] {
        defer { spans.removeAll(keepingCapacity: true) }
        return spans
    }

    /// The bytes fed after the last completed part: the part being read, or, after an error,
    /// everything since the error as `.unparsed`. Nil when there are none.
    public var pendingSpan: ByteSpan? {
        if case let .failed(_, at) = state {
            return failedBytes > 0 ? ByteSpan(range: at..<at + failedBytes, message: messagesDecoded, part: .unparsed) : nil
        }
        // Content already counted through `contentWindow` was reported by `takeSpans()`.
        guard let progress, progress.have > contentSeen else { return nil }
        return ByteSpan(range: consumed..<consumed + progress.have - contentSeen, message: messagesDecoded, part: progress.part)
    }

    // MARK: - Buffer bookkeeping

    /// The JSON header's length when `bytes` can be decoded without the buffer: at a message's
    /// start with nothing buffered and no content window, and the proto-header and a header of an
    /// allowed, non-zero length all in `bytes`. Nil sends them the buffered way (`feed`, `next()`),
    /// which has parsed nothing yet and reports whatever is wrong.
    private func directHeaderLength(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard case .protoHeader = state, buffer.isEmpty, contentWindow == nil, bytes.count >= 2 else { return nil }
        let length = Int(bytes[0]) << 8 | Int(bytes[1])
        guard length != 0, length <= limits.maxHeaderLength, bytes.count - 2 >= length else { return nil }
        return length
    }

    /// Counts `count` bytes that were never buffered as consumed (`next(feeding:)`), with their span.
    @inline(__always)
    private mutating func noteConsumed(_ count: Int, as part: FramePart) {
        if recordsSpans, count > 0 {
            spans.append(ByteSpan(range: consumed..<consumed + count, message: messagesDecoded, part: part))
        }
        consumed += count
    }

    private mutating func consume(_ count: Int, as part: FramePart) {
        if recordsSpans, count > 0 {
            spans.append(ByteSpan(range: consumed..<consumed + count, message: messagesDecoded, part: part))
        }
        readIndex += count
        consumed += count
        if readIndex == buffer.count {
            if buffer.capacity > 1 << 20 {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
            readIndex = 0
        } else if readIndex >= 4096, readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// Moves the unread bytes to the front, so content that then fills the buffer exactly is
    /// handed over without a copy. Capacity is not taken from the declared length (see `growIfNeeded`).
    private mutating func prepareForContent() {
        if readIndex > 0 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }

    /// How far past the bytes held the buffer may grow in one step, as a multiple of them.
    private static let growthFactor = 8

    /// Makes room for `incoming` more bytes. Capacity follows what has arrived, never more than
    /// `growthFactor` times the bytes held, so a peer must send an eighth of any memory it makes
    /// us reserve (and reserved pages are not touched until bytes fill them). Inside a content
    /// part the steps are the content's end divided by powers of the factor (…, end/64, end/8,
    /// end), so a large body is copied ~1/7 of its size in reallocations and handed over in an
    /// array no larger than itself; elsewhere (and with a `contentWindow`, which never holds
    /// content) `Array`'s own doubling applies. The common case (room left) pays one compare.
    @inline(__always)
    private mutating func growIfNeeded(for incoming: Int) {
        let needed = buffer.count + incoming
        guard needed > buffer.capacity, contentWindow == nil, case let .content(header, _) = state else { return }
        var target = readIndex + header.contentLength
        while target / Self.growthFactor >= needed { target /= Self.growthFactor }
        buffer.reserveCapacity(max(needed, target))
    }

    /// Content from this length on is handed over in the buffer itself when the buffer holds
    /// exactly it; shorter content is copied out.
    private static let handOverLength = 4096

    /// Takes `length` bytes of content, handing over the buffer itself when it holds exactly the content.
    private mutating func takeContent(_ length: Int) -> [UInt8] {
        let content: [UInt8]
        if readIndex == 0, buffer.count == length, length >= Self.handOverLength {
            content = buffer
            buffer = []
        } else {
            content = Array(buffer[readIndex..<readIndex + length])
        }
        if readIndex == 0, buffer.isEmpty {
            if recordsSpans, length > 0 {
                spans.append(ByteSpan(range: consumed..<consumed + length, message: messagesDecoded, part: .content))
            }
            consumed += length
        } else {
            consume(length, as: .content)
        }
        return content
    }

    private mutating func fail(_ error: FrameError) throws(FrameError) -> Never {
        let at = consumed
        failedBytes = buffered
        buffer = []
        readIndex = 0
        state = .failed(error, at: at)
        throw error
    }
}
