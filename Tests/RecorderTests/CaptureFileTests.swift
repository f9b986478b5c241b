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
        let path = "/tmp/socketlab-capturefile-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).fifo"
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<String?>(nil)
        Thread {
            do {
                _ = try CaptureFile.read(path)
                outcome.withLock { $0 = "read" }
            } catch {
                outcome.withLock { $0 = "\(error)" }
            }
            done.signal()
        }.start()
        let finished = done.wait(timeout: .now() + 5) == .success
        if !finished {
            // Unblock the reader stuck in open(2) so the thread ends.
            let writer = open(path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            _ = done.wait(timeout: .now() + 5)
        }
        #expect(finished, "CaptureFile.read blocked on a FIFO")
        #expect(outcome.withLock { $0 }?.contains("not a regular file") == true)
    }

    @Test func aDirectoryAndAMissingFileAreRefusedWithTheReason() {
        #expect(throws: RecorderError.self) { try CaptureFile.read("/tmp") }
        #expect((try? CaptureFile.read("/nonexistent/socketlab/x.pcap")) == nil)
    }
}
