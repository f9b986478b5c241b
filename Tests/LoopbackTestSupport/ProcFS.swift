import Foundation
import Glibc

/// Reads /proc: which sockets a port owns, a process's descriptors, CPU time and memory.
///
/// Why: "every descriptor is released" and "the server does not spin" are checked against what
/// the kernel reports, not against the server's own bookkeeping, which is what is under test.
public enum ProcFS {
    /// A /proc file read to its end (Foundation stops after the first page: /proc reports size 0).
    public static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            data += chunk[..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Inodes of the IPv4 TCP sockets whose local port is `port`.
    public static func inodes(localPort port: Int) -> Set<String> {
        guard let table = readWhole("/proc/net/tcp") else { return [] }
        var result: Set<String> = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 9 else { continue }
            let local = fields[1].split(separator: ":")
            guard local.count == 2, let p = Int(local[1], radix: 16), p == port else { continue }
            result.insert(String(fields[9]))
        }
        return result
    }

    /// Targets of the /proc/PID/fd entries ("self" for this process).
    public static func descriptorTargets(pid: String = "self") -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return [] }
        return names.compactMap { name in
            var buffer = [CChar](repeating: 0, count: 256)
            let n = readlink("/proc/\(pid)/fd/\(name)", &buffer, buffer.count - 1)
            guard n > 0 else { return nil }
            return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// How many descriptors another process holds.
    public static func descriptorCount(pid: Int32) -> Int { descriptorTargets(pid: String(pid)).count }

    /// This process's descriptors that are TCP sockets with local port `port`.
    public static func socketDescriptors(localPort port: Int) -> Int {
        let wanted = inodes(localPort: port)
        return descriptorTargets().filter { target in
            guard target.hasPrefix("socket:["), target.hasSuffix("]") else { return false }
            return wanted.contains(String(target.dropFirst(8).dropLast()))
        }.count
    }

    /// utime + stime of a process, in clock ticks.
    public static func cpuTicks(pid: Int32) -> Int? {
        guard let stat = readWhole("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the comm field: state is fields[0], utime is field 14 overall → fields[11], stime fields[12].
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// Resident set size of a process in KiB.
    public static func residentKiB(pid: Int32) -> Int? {
        guard let status = readWhole("/proc/\(pid)/status") else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        }
        return nil
    }
}
