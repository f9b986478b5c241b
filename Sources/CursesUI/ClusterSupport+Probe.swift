import CNCurses
import Glibc
import TUI

extension ClusterSupport {
    /// How long the probe waits for the terminal's answers; only a terminal that never answers
    /// a cursor position request pays it in full.
    static let probeTimeoutMilliseconds = 300
    /// The most typed bytes handed back after the probe (curses' push-back queue holds 137).
    static let handBackLimit = 128

    /// Measures the samples on the terminal: each is drawn at the start of the cursor's line and
    /// followed by a cursor position request (`ESC[6n`); the column reported back, minus one, is
    /// the width the terminal gave it. The line is erased afterwards. Run once in raw mode before
    /// curses reads any input, so the answers never reach the key path; what the user typed
    /// meanwhile is handed back to curses (`ungetch`). A terminal that does not answer in time
    /// joins nothing, and its late answers are dropped by `Terminal.readKey` (`TerminalAnswer`).
    static func probe() -> ClusterSupport {
        var request = ""
        for sample in samples { request += "\r" + sample + "\u{1B}[6n" }
        request += "\r\u{1B}[K"
        var bytes = Array(request.utf8)
        guard bytes.withUnsafeMutableBytes({ write(STDOUT_FILENO, $0.baseAddress, $0.count) }) == bytes.count else { return ClusterSupport() }
        var replies: [UInt8] = []
        let deadline = ContinuousClock.now + .milliseconds(probeTimeoutMilliseconds)
        probing: while probeInput(replies).columns.count < samples.count, replies.count < 256 {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { break }
            switch TerminalInput.read(upTo: 64, waitingMilliseconds: Int32(clamping: left.waitMilliseconds)) {
            case .bytes(let chunk): replies += chunk
            case .nothing: continue  // the deadline above ends the wait
            case .closed: break probing
            }
        }
        let (columns, typed) = probeInput(replies)
        // Last byte first: curses reads them back in order. More than `handBackLimit` would
        // overflow curses' queue; nobody types that much in 300 ms.
        if typed.count <= handBackLimit {
            for byte in typed.reversed() { ungetch(Int32(byte)) }
        }
        return ClusterSupport(measured: columns.map { $0 - 1 })
    }
}
