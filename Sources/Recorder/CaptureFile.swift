import Capture
import FrameCore
import Glibc

/// Reads a recording or capture file (or another file a user names, such as a tour script) from
/// disk, whole, with a size cap checked before reading.
public enum CaptureFile {
    /// Largest file `replay` opens: a full-size recording (100 MiB) with room to spare.
    public static let maxFileSize = 1 << 30

    public static func read(_ path: String, maxSize: Int = maxFileSize) throws(RecorderError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO nobody writes to would otherwise block forever before fstat
        // can refuse it; it changes nothing for the regular files we read.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .cannotOpen(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size <= maxSize else { throw .tooLarge(path: path, size: size, limit: maxSize) }
        // The size is only a hint: procfs and sysfs files say 0 (they were read as empty), and a
        // file can grow while it is read. Read to the end, never holding more than maxSize + 1.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var offset = 0
        while true {
            if offset == bytes.count {
                guard bytes.count <= maxSize else { throw .tooLarge(path: path, size: bytes.count, limit: maxSize) }
                bytes.append(contentsOf: repeatElement(0, count: min(max(bytes.count, 4096), maxSize + 1 - bytes.count)))
            }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            offset += n
        }
        bytes.removeSubrange(offset...)
        return bytes
    }

    /// The events of a file: our JSON Lines or pcap, or any pcap/pcapng capture (within the
    /// replay budget; see `contents`).
    public static func events(_ path: String) throws -> [SessionEvent] {
        try contents(path).events
    }

    /// The events of a file from its start, as many as `limits.replayBudget` holds, and where the
    /// rest was left out: what `replay` (TUI and --against alike) plays.
    public static func contents(_ path: String, limits: CaptureLimits = .default) throws -> CaptureContents {
        try CaptureReader.contents(read(path), limits: limits)
    }
}
