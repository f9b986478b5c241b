import Capture
import FrameCore
import Foundation
import Glibc

/// Records a session to a file on a thread of its own.
///
/// `record(_:)` is all the producer (the event loop, or the TUI's thread) pays: one lock and an
/// append. The writer thread takes the queued events in batches, encodes them (JSON Lines or
/// pcap, from the file's extension) and writes them, so neither encoding nor a slow disk ever
/// stalls the loop. Two things stop a recording on its own, never the session: the file reaching
/// `limit` (the record that would cross it is not written, so the file stays whole), and the
/// queue outgrowing `maxQueuedBytes` because the disk cannot keep up. Either way `onStop` gets a
/// sentence, once.
public final class SessionRecorder: @unchecked Sendable {
    public static let defaultLimit = 100 * 1024 * 1024
    /// Event bytes waiting for the writer beyond which recording gives up rather than grow memory.
    public static let maxQueuedBytes = 64 * 1024 * 1024

    public let path: String
    public let format: CaptureFormat
    public let limit: Int

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [SessionEvent] = []
    private var queuedBytes = 0
    private var status: RecorderStatus
    private var accepting = true
    private var finished = false

    private let descriptor: Int32
    private var encoder: any CaptureEncoder
    private let onStop: @Sendable (String) -> Void
    private var thread: Thread?

    /// Opens (creates or truncates) `path` and starts the writer thread.
    public init(path: String, limit: Int = SessionRecorder.defaultLimit,
                onStop: @escaping @Sendable (String) -> Void = { _ in }) throws(RecorderError) {
        guard let format = CaptureFormat(path: path), format.isWritable else { throw .unknownExtension(path) }
        // O_NONBLOCK for the open only: a FIFO nobody reads fails with ENXIO instead of blocking
        // forever; one that has a reader (Wireshark on a live capture) is then written normally.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            throw .cannotOpen(path: path, reason: errno == ENXIO ? "it is a FIFO nobody reads yet" : String(cString: strerror(errno)))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.path = path
        self.format = format
        self.limit = limit
        self.descriptor = fd
        self.onStop = onStop
        encoder = format == .jsonl ? JSONLinesWriter() : PcapWriter()
        let name = path.split(separator: "/").last.map(String.init) ?? path
        status = RecorderStatus(name: name, path: path, bytesWritten: 0)
        let header = encoder.begin()
        if let failure = writeAll(header) {
            close(fd)
            throw .cannotOpen(path: path, reason: failure)
        }
        status.bytesWritten = header.count
        let thread = Thread { [self] in writerLoop() }
        thread.name = "socketlab-recorder"
        self.thread = thread
        thread.start()
    }

    /// Queues one event; never blocks on the disk. The writer is not woken per event (a futex
    /// wake per event costs the loop more than the append): it takes the queue every
    /// `batchInterval`, or at once when a megabyte waits.
    public func record(_ event: SessionEvent) {
        if format == .pcap, !PcapWriter.uses(event.kind) { return }
        condition.lock()
        defer { condition.unlock() }
        guard accepting else { return }
        if case let .bytes(_, bytes) = event.kind { queuedBytes += bytes.count }
        queuedBytes += 64
        if queuedBytes > Self.maxQueuedBytes {
            stopLocked("recording stopped: the disk cannot keep up (over \(RecorderStatus.size(Self.maxQueuedBytes)) waiting)")
            return
        }
        queue.append(event)
        if queuedBytes >= 1 << 20 { condition.signal() }
    }

    /// How long queued events may wait for the writer.
    public static let batchInterval = 0.02

    /// Where the recording stands now.
    public var currentStatus: RecorderStatus {
        condition.lock()
        defer { condition.unlock() }
        return status
    }

    /// Writes what is queued, stops the thread and closes the file; returns the final status.
    @discardableResult
    public func stop() -> RecorderStatus {
        condition.lock()
        accepting = false
        finished = true
        condition.signal()
        condition.unlock()
        while true {
            condition.lock()
            let done = thread == nil
            condition.unlock()
            if done { break }
            usleep(1_000)
        }
        return currentStatus
    }

    /// Stops on its own (limit, disk): said once, even while `stop()` is draining the queue.
    private func stopLocked(_ reason: String) {
        guard status.stoppedBecause == nil else { return }
        accepting = false
        status.stoppedBecause = reason
        queue.removeAll()
        queuedBytes = 0
        onStop(reason)
    }

    private func writerLoop() {
        while true {
            condition.lock()
            if !finished { _ = condition.wait(until: Date(timeIntervalSinceNow: Self.batchInterval)) }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            queuedBytes = 0
            let written = status.bytesWritten
            let stillRecording = status.stoppedBecause == nil
            let last = finished
            condition.unlock()

            if stillRecording, !batch.isEmpty {
                write(batch, startingAt: written)
            }
            if last {
                close(descriptor)
                condition.lock()
                thread = nil
                condition.unlock()
                return
            }
        }
    }

    /// Encodes and writes one batch as a single buffer, stopping at the limit.
    private func write(_ batch: [SessionEvent], startingAt written: Int) {
        var buffer: [UInt8] = []
        var total = written
        var limitReached = false
        for event in batch {
            let bytes = encoder.encode(event)
            if total + buffer.count + bytes.count > limit {
                limitReached = true
                break
            }
            buffer += bytes
        }
        let failure = writeAll(buffer)
        total += buffer.count
        condition.lock()
        status.bytesWritten = total
        if let failure {
            stopLocked("recording stopped: cannot write \(status.name): \(failure)")
        } else if limitReached {
            stopLocked("recording stopped: \(status.name) reached the limit of \(RecorderStatus.size(limit)) (--record-limit)")
        }
        condition.unlock()
    }

    /// Writes everything, retrying short writes and EINTR; the error text on failure.
    private func writeAll(_ bytes: [UInt8]) -> String? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += n
        }
        return nil
    }
}
