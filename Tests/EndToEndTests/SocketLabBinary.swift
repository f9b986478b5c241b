import Foundation

/// Where the built `socketlab` executable is, for tests that run it in a `TmuxSession`.
/// `SOCKETLAB_BIN` wins (CI or a custom `--scratch-path`); otherwise `.build/debug/socketlab`
/// under the package root, which is found from this file's path so any working directory works.
enum SocketLabBinary {
    /// The package root: two levels above `Tests/EndToEndTests/`.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // EndToEndTests
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // package root
    }

    /// Absolute path of the executable (it may not exist yet; see `exists`).
    static var path: String {
        if let override = ProcessInfo.processInfo.environment["SOCKETLAB_BIN"], !override.isEmpty {
            return override
        }
        return packageRoot.appendingPathComponent(".build/debug/socketlab").path
    }

    /// True when `path` is an executable file; use as `.enabled(if: SocketLabBinary.exists, …)`.
    static var exists: Bool { FileManager.default.isExecutableFile(atPath: path) }
}
