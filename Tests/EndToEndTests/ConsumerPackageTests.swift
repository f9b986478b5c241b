import Foundation
import Testing

/// SocketLab as a dependency of another package. `Tools/consumer` depends on it by path and uses
/// the FrameCore, Reactor and Peers products: building it proves their public API is enough to
/// run a server and a client, and running it checks the result line. SwiftPM accepts unsafe flags
/// from a path dependency but refuses them from one fetched by URL (how others would depend on
/// SocketLab), so the manifest is also checked for them directly.
@Suite("a package that depends on SocketLab", .serialized, .timeLimit(.minutes(15)))
struct ConsumerPackageTests {
    /// `swift` from PATH, or the toolchain under /opt/swift that .ci/run also falls back to.
    static let swift: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/swift" } + ["/opt/swift/usr/bin/swift"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test("no target of SocketLab's manifest uses unsafe flags",
          .enabled(if: swift != nil || SocketLabBinary.isCI, "no swift toolchain on PATH"))
    func manifestHasNoUnsafeFlags() async throws {
        let swift = try #require(Self.swift, "no swift toolchain on PATH or in /opt/swift")
        // A scratch path of its own: `swift test` itself holds the lock on `.build`.
        let root = SocketLabBinary.packageRoot
        let dump = try await Self.run([swift, "package", "--package-path", root.path,
                                       "--scratch-path", root.appendingPathComponent(".build-manifest").path, "dump-package"],
                                      timeout: .seconds(300))
        try #require(dump.status == 0, "\(dump.stderr)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let targets = try #require(manifest["targets"] as? [[String: Any]])
        #expect(targets.count >= 6, "the dump has the package's targets")
        for target in targets {
            let settings = target["settings"] as? [[String: Any]] ?? []
            let unsafe = settings.filter { ($0["kind"] as? [String: Any])?["unsafeFlags"] != nil }
            #expect(unsafe.isEmpty, "target \(target["name"] ?? "?") has unsafe flags: \(unsafe)")
        }
    }

    @Test("Tools/consumer builds against the library products and its server answers its client",
          .enabled(if: swift != nil || SocketLabBinary.isCI, "no swift toolchain on PATH"))
    func consumerBuildsAndRuns() async throws {
        let swift = try #require(Self.swift, "no swift toolchain on PATH or in /opt/swift")
        let root = SocketLabBinary.packageRoot
        // A scratch directory of its own (gitignored: it starts with .build), kept between runs
        // so only the first build is slow. One job at low priority: the other tests keep the
        // machine's cores, and their timing, while this compiles.
        let scratch = root.appendingPathComponent(".build-consumer").path
        // --disable-build-manifest-caching: with a kept scratch directory SwiftPM otherwise reuses
        // the dependency's old file lists after a source file is added to or removed from
        // SocketLab ("missing inputs", "cannot find type"; seen here).
        let command = ["/usr/bin/nice", "-n", "10", swift, "build", "-j", "1", "--disable-build-manifest-caching",
                       "--package-path", root.appendingPathComponent("Tools/consumer").path, "--scratch-path", scratch]
        let build = try await Self.run(command, timeout: .seconds(840))
        try #require(build.status == 0, "swift build of Tools/consumer failed:\n\(build.stdout.suffix(3000))\n\(build.stderr.suffix(3000))")
        let run = try Spawned.run([scratch + "/debug/consumer"], timeout: .seconds(30))
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout == "Got result: Follow the white rabbit. 🐰\n")
    }

    /// `Spawned.run`, waiting without holding a thread: the test pool has as many threads as the
    /// machine has cores (two here), and a build that takes minutes must not take one of them.
    static func run(_ arguments: [String], timeout: Duration) async throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try Spawned.start(arguments)
        let deadline = ContinuousClock.now + timeout
        while child.wait(timeout: .zero) == nil {
            guard ContinuousClock.now < deadline else {
                child.kill()
                throw Spawned.Failure(description: "\(arguments) did not finish within \(timeout); stderr: \(child.stderr.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return (child.wait(timeout: .zero) ?? -1, child.stdout, child.stderr)
    }
}
