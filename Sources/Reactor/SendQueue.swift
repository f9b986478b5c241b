import DequeModule

/// The bytes a connection still has to send, in order, with the bookkeeping for partial writes.
///
/// Why a value type that takes the write function as a closure (swift-nio's
/// PendingWritesManager idea): the hard part of non-blocking output is "the kernel took 3 of your
/// 10 bytes", and that is tested here with a fake write, without a socket. Chunks are kept as the
/// arrays the handler gave (no copy); several chunks go out in one gathering write (writev).
struct SendQueue {
    /// At most this many chunks are offered to one writev.
    static let maxSpansPerWrite = 16

    /// The chunk being sent (empty when nothing is queued). Kept out of the deque: a reply is
    /// usually one chunk, and a deque's storage would be one more allocation per connection.
    private var head: [UInt8] = []
    /// The chunks queued after `head`.
    private var rest: Deque<[UInt8]> = []
    /// Bytes of `head` already sent.
    private var offset = 0
    /// Bytes still to send.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if count == 0 {
            head = bytes
        } else {
            rest.append(bytes)
        }
        count += bytes.count
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        append([UInt8](bytes))
    }

    /// Drops everything (the connection closed).
    mutating func removeAll() {
        head = []
        rest = []
        offset = 0
        count = 0
    }

    /// Whether everything queued is one chunk (a reply): `sendSole` can send it.
    var holdsOneChunk: Bool { count > 0 && rest.isEmpty }

    /// `drain` for a queue of one chunk, with one `write` of what is left of it: no span buffer
    /// and no loop (a short write leaves the rest queued, as `drain` would, since another call
    /// now would only meet a full kernel buffer).
    mutating func sendSole(_ write: (UnsafeRawBufferPointer) throws(SocketError) -> IOResult) throws(SocketError) -> DrainResult {
        let outcome = try withUnsentHead(write)
        guard case .processed(let written) = outcome, written > 0 else { return DrainResult() }
        consume(written)
        return DrainResult(bytes: written, writes: 1)
    }

    struct DrainResult: Equatable {
        var bytes = 0
        var writes = 0
    }

    /// Sends queued bytes through `write`, which gets up to `maxSpansPerWrite` spans in queue order
    /// and reports how many bytes it took. Stops when the queue is empty, after `maxWrites` calls,
    /// when `write` says `.wouldBlock`, or when it took fewer bytes than offered (the kernel's
    /// buffer is full: another call now would only return EAGAIN). Unsent bytes stay queued.
    mutating func drain(
        maxWrites: Int = 16,
        write: (UnsafeBufferPointer<UnsafeRawBufferPointer>) throws(SocketError) -> IOResult
    ) throws(SocketError) -> DrainResult {
        var result = DrainResult()
        while !isEmpty && result.writes < maxWrites {
            let spanCount = min(1 + rest.count, Self.maxSpansPerWrite)
            let (outcome, offered) = try withSpans(count: spanCount, write)
            guard case .processed(let written) = outcome, written > 0 else { break }
            result.writes += 1
            result.bytes += written
            consume(written)
            if written < offered { break }
        }
        return result
    }

    private func withSpans(
        count spanCount: Int,
        _ write: (UnsafeBufferPointer<UnsafeRawBufferPointer>) throws(SocketError) -> IOResult
    ) throws(SocketError) -> (IOResult, offered: Int) {
        if spanCount == 1 {
            // One chunk (a reply): no temporary buffer, no recursion.
            return try withUnsentHead { (span) throws(SocketError) in
                try withUnsafePointer(to: span) { (pointer) throws(SocketError) in
                    (try write(UnsafeBufferPointer(start: pointer, count: 1)), span.count)
                }
            }
        }
        return try withUnsafeTemporaryAllocation(of: UnsafeRawBufferPointer.self, capacity: spanCount) { (spans) throws(SocketError) in
            try fill(spans, from: 0, offered: 0, write)
        }
    }

    /// Calls `body` with the bytes of the head chunk not sent yet, pinned while it runs.
    /// `Array.withUnsafeBytes` only rethrows untyped errors, so the typed one is carried out.
    private func withUnsentHead<R>(_ body: (UnsafeRawBufferPointer) throws(SocketError) -> R) throws(SocketError) -> R {
        var failure: SocketError?
        let result = head.withUnsafeBytes { (bytes) -> R? in
            do throws(SocketError) {
                return try body(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            } catch {
                failure = error
                return nil
            }
        }
        guard let result else { throw failure! }
        return result
    }

    /// Pins chunk `index` (and recursively the ones after it) while `write` runs, so every span
    /// points into live array storage.
    private func fill(
        _ spans: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>,
        from index: Int,
        offered: Int,
        _ write: (UnsafeBufferPointer<UnsafeRawBufferPointer>) throws(SocketError) -> IOResult
    ) throws(SocketError) -> (IOResult, offered: Int) {
        if index == spans.count {
            return (try write(UnsafeBufferPointer(spans)), offered)
        }
        let start = index == 0 ? offset : 0
        // Array.withUnsafeBytes only rethrows untyped errors, so the typed one is carried out.
        var failure: SocketError?
        let chunk = index == 0 ? head : rest[index - 1]
        let result = chunk.withUnsafeBytes { (bytes) -> (IOResult, offered: Int)? in
            let span = UnsafeRawBufferPointer(rebasing: bytes[start...])
            spans[index] = span
            do throws(SocketError) {
                return try fill(spans, from: index + 1, offered: offered + span.count, write)
            } catch {
                failure = error
                return nil
            }
        }
        guard let result else { throw failure! }
        return result
    }

    private mutating func consume(_ written: Int) {
        count -= written
        var remaining = written
        while remaining > 0 {
            let left = head.count - offset
            if remaining >= left {
                head = rest.popFirst() ?? []
                offset = 0
                remaining -= left
            } else {
                offset += remaining
                remaining = 0
            }
        }
    }
}

@available(*, unavailable)
extension SendQueue: Sendable {}
