import Foundation
import Testing

/// Wireshark's command-line reader, when installed (`.ci/run` installs it): the judge of our pcap
/// files and the host of the Lua dissector's tests.
enum Tshark {
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/tshark" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var available: Bool { executable != nil }
    static let missing: Comment = "tshark is not installed (apt-get install tshark); skipping the capture checks"

    /// Runs tshark; stderr without the "running as root" notice it prints under root.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let run = try Spawned.run([executable ?? "tshark"] + arguments, timeout: .seconds(60))
        let stderr = Spawned.lines(run.stderr).filter { !$0.hasPrefix("Running as user \"root\"") && !$0.isEmpty }
        return (run.status, run.stdout, stderr.joined(separator: "\n"))
    }

    /// The bytes each way of TCP stream `index` as tshark reassembles them (`follow,tcp,raw`):
    /// (client → server, server → client), the first node being the one that spoke first.
    static func follow(_ path: String, stream index: Int) throws -> (forward: [UInt8], backward: [UInt8]) {
        let run = try run(["-q", "-z", "follow,tcp,raw,\(index)", "-r", path])
        var forward: [UInt8] = [], backward: [UInt8] = []
        var body = false
        for line in Spawned.lines(run.stdout) {
            if line.hasPrefix("Node 1:") { body = true; continue }
            guard body, !line.hasPrefix("====") else { continue }
            let isBackward = line.hasPrefix("\t")
            let hex = line.trimmingCharacters(in: .whitespaces)
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), let byte = UInt8(hex[index..<next], radix: 16) {
                bytes.append(byte)
                index = next
            }
            if isBackward { backward += bytes } else { forward += bytes }
        }
        return (forward, backward)
    }
}
