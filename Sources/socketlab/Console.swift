import Glibc

/// Unbuffered line output: a parent process (tests, scripts) sees the listening line and each
/// result the moment it is printed, even when stdout is a pipe.
enum Console {
    static func out(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        bytes.withUnsafeMutableBytes { _ = write(1, $0.baseAddress, $0.count) }
    }

    /// To stderr; without `newline` a progress line can overwrite itself with `\r`.
    static func err(_ text: String, newline: Bool = true) {
        var bytes = Array((newline ? text + "\n" : text).utf8)
        bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
