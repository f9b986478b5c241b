import Glibc

/// Unbuffered line output: a parent process (tests, scripts) sees the listening line and each
/// result the moment it is printed, even when stdout is a pipe.
enum Console {
    static func out(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        bytes.withUnsafeMutableBytes { _ = write(1, $0.baseAddress, $0.count) }
    }
}
