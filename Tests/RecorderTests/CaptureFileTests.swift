import Dispatch
import Foundation
import Glibc
import Recorder
import Synchronization
import Testing

/// What `replay` is given by a careless user: anything but a regular file is refused at once.
@Suite(.timeLimit(.minutes(1))) struct CaptureFileTests {
    /// Before: `open` of a FIFO nobody writes to blocked forever, so `replay FIFO` hung.
    @Test func aFIFOIsRefusedInsteadOfBlocking() throws {
        let path = Self.fifo("fifo")
        defer { unlink(path) }
        let (finished, said) = Self.outcome(path, unblockingWith: O_WRONLY) {
            _ = try CaptureFile.read(path)
            return "read"
        }
        #expect(finished, "CaptureFile.read blocked on a FIFO")
        #expect(said?.contains("not a regular file") == true)
    }

    @Test func aDirectoryAndAMissingFileAreRefusedWithTheReason() {
        #expect(throws: RecorderError.self) { try CaptureFile.read("/tmp") }
        #expect((try? CaptureFile.read("/nonexistent/socketlab/x.pcap")) == nil)
    }

    /// Before: `--record FIFO` with no reader blocked forever in open(2); now it says why at once,
    /// and a FIFO that has a reader (e.g. Wireshark reading a live pcap) still records.
    @Test func recordingToAFIFOWithoutAReaderFailsAtOnce() throws {
        let path = Self.fifo("pcap")
        defer { unlink(path) }
        let (finished, said) = Self.outcome(path, unblockingWith: O_RDONLY) {
            let recorder = try SessionRecorder(path: path)
            _ = recorder.stop()
            return "opened"
        }
        #expect(finished, "SessionRecorder blocked opening a FIFO nobody reads")
        #expect(said?.contains("a FIFO nobody reads") == true, "\(String(describing: said))")
    }

    @Test func recordingToAFIFOWithAReaderWritesThePcapHeader() throws {
        let path = Self.fifo("pcap")
        defer { unlink(path) }
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let recorder = try SessionRecorder(path: path)
        _ = recorder.stop()
        var header = [UInt8](repeating: 0, count: 24)
        let n = read(reader, &header, 24)
        #expect(n == 24 && header[0..<4] == [0xd4, 0xc3, 0xb2, 0xa1], "a little-endian pcap header came through")
    }

    /// procfs files report a size of 0: they were read as empty ("it starts with nothing", "not
    /// valid JSON at byte 0"). The size is a hint now; the cap still holds while reading.
    @Test func aFileWhoseSizeSaysZeroIsReadToItsEndWithinTheCap() throws {
        let status = try CaptureFile.read("/proc/self/status")
        #expect(String(decoding: status.prefix(5), as: UTF8.self) == "Name:", "read \(status.count) bytes")
        #expect(throws: RecorderError.self) { try CaptureFile.read("/proc/self/status", maxSize: 10) }
        let path = NSTemporaryDirectory() + "capturefile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        try Data((0..<100).map { UInt8($0) }).write(to: URL(fileURLWithPath: path))
        #expect(try CaptureFile.read(path) == (0..<100).map { UInt8($0) })
        #expect(try CaptureFile.read(path, maxSize: 100).count == 100)
        #expect(throws: RecorderError.tooLarge(path: path, size: 100, limit: 99)) { try CaptureFile.read(path, maxSize: 99) }
    }

    /// A new FIFO under /tmp (the caller unlinks it).
    private static func fifo(_ suffix: String) -> String {
        let path = "/tmp/socketlab-capturefile-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(suffix)"
        #expect(mkfifo(path, 0o600) == 0)
        return path
    }

    /// Runs `body` on a thread of its own, since what it tests could block in open(2) on a FIFO,
    /// and gives it 5 s. If it is still blocked, the FIFO's other end is opened (`mode`) so the
    /// thread can end. Returns whether `body` finished in time and what it said (its return
    /// value, or the error it threw).
    private static func outcome(_ path: String, unblockingWith mode: Int32,
                                _ body: @escaping @Sendable () throws -> String) -> (finished: Bool, said: String?) {
        let done = DispatchSemaphore(value: 0)
        let said = Mutex<String?>(nil)
        Thread {
            do {
                let text = try body()
                said.withLock { $0 = text }
            } catch {
                said.withLock { $0 = "\(error)" }
            }
            done.signal()
        }.start()
        let finished = done.wait(timeout: .now() + 5) == .success
        if !finished {
            let otherEnd = open(path, mode | O_NONBLOCK)
            _ = done.wait(timeout: .now() + 5)
            if otherEnd >= 0 { close(otherEnd) }
        }
        return (finished, said.withLock { $0 })
    }
}

