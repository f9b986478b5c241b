import Dispatch
import Foundation
import Glibc

/// A one-connection fake server on its own thread: accepts, reads `expect` bytes (the request),
/// then writes `reply` and closes.
///
/// Why: the client's error paths (garbage replies, replies cut short, no reply at all) need a
/// server that misbehaves on purpose, which the real server never does.
public final class FakeServer: Sendable {
    public let port: Int
    private let done = DispatchSemaphore(value: 0)
    private let received = Locked<[UInt8]>([])

    public init(expect: Int, reply: [UInt8]) throws {
        let listener = try RawListener()
        port = listener.port
        let done = self.done
        let received = self.received
        let box = UncheckedBox(listener)
        let thread = Thread {
            let listener = box.value
            defer { done.signal() }
            guard let client = listener.accept(timeout: 10) else { return }
            defer { Glibc.close(client) }
            RawClient.setTimeouts(client, 5)
            var got: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while got.count < expect {
                let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { break }
                got += buffer[..<n]
            }
            received.withLock { $0 = got }
            var offset = 0
            while offset < reply.count {
                let n = reply[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { break }
                offset += n
            }
        }
        thread.start()
    }

    /// Waits (bounded) for the connection to be served; the request bytes it read.
    public func finish(timeout seconds: Double = 10) -> [UInt8]? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return received.withLock { $0 }
    }
}
