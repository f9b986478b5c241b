import FrameCore
import Glibc

/// Unbuffered line output: a parent process (tests, scripts) sees the listening line and each
/// result the moment it is printed, even when stdout is a pipe.
enum Console {
    static func out(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        bytes.withUnsafeMutableBytes { _ = write(1, $0.baseAddress, $0.count) }
    }

    /// A line whose text came from a peer (`Got result: …`): exact when stdout is a pipe or a
    /// file, which scripts and the interop tests compare; with control characters escaped when
    /// it is a terminal, as `ls` does with file names, so a reply cannot rewrite the screen.
    static func outPeerText(_ line: String) {
        out(isatty(1) == 1 ? PythonRepr.escaped(line) : line)
    }

    /// To stderr; without `newline` a progress line can overwrite itself with `\r`.
    static func err(_ text: String, newline: Bool = true) {
        var bytes = Array((newline ? text + "\n" : text).utf8)
        bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
