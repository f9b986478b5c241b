import Foundation
import Glibc

/// The one place tests find the built `socketlab` executable (the CLI, interop, TUI and
/// descriptor-exhaustion tests all run it).
///
/// `SOCKETLAB_BIN` wins (a custom build); otherwise the `socketlab` built next to the running test
/// bundle, so `swift test` and `swift test --scratch-path X` both find the binary of the same
/// build; otherwise `.build/debug/socketlab` under the package root.
public enum SocketLabBinary {
    /// The package root: two levels above `Tests/TestBinaries/`.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // TestBinaries
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // package root
    }

    /// Absolute path of the executable (it may not exist; see `exists`).
    public static let path: String = {
        if let override = ProcessInfo.processInfo.environment["SOCKETLAB_BIN"], !override.isEmpty {
            return override
        }
        if let sibling = siblingOfTestBundle {
            return sibling
        }
        return packageRoot.appendingPathComponent(".build/debug/socketlab").path
    }()

    /// True when `path` is an executable file.
    public static var exists: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Under CI (`CI=true`, as GitHub Actions and most CI systems set it) a missing binary is a
    /// broken build: the tests that need it must fail, not skip.
    public static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return value == "true" || value == "1"
    }

    /// Whether the tests that run the binary should run: it exists, or CI requires it to.
    public static var shouldRun: Bool { exists || isCI }

    /// Why those tests were skipped.
    public static let missingReason = "the socketlab binary is not built (run `swift build`, or set SOCKETLAB_BIN); looked at \(path)"

    /// `socketlab` in the directory of the running test executable, or of the bundle holding it.
    private static var siblingOfTestBundle: String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { readlink("/proc/self/exe", $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count - 1) }
        guard n > 0 else { return nil }
        var directory = URL(fileURLWithPath: String(decoding: buffer[..<n], as: UTF8.self)).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("socketlab").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}
