import Glibc
import Testing
@testable import Reactor

/// A handler that records what happened to its connection and lets a test add behaviour.
final class Recorder: ConnectionHandler {
    var received: [UInt8] = []
    var opened = 0
    var drains = 0
    var closeReason: CloseReason?
    var onOpen: (Connection) -> Void = { _ in }
    var onRead: (Connection, [UInt8]) -> Void = { _, _ in }
    var onDrain: (Connection) -> Void = { _ in }
    var onClose: (Connection, CloseReason) -> Void = { _, _ in }

    func connectionDidOpen(_ c: Connection) {
        opened += 1
        onOpen(c)
    }

    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) {
        received += bytes
        onRead(c, Array(bytes))
    }

    func connectionDidDrain(_ c: Connection) {
        drains += 1
        onDrain(c)
    }

    func connection(_ c: Connection, didCloseWith reason: CloseReason) {
        #expect(closeReason == nil, "didCloseWith must be called once")
        closeReason = reason
        onClose(c, reason)
    }
}

/// The multi-connection echo server's behaviour: everything read is queued and written back.
final class EchoHandler: ConnectionHandler {
    func connectionDidOpen(_ c: Connection) {}

    func connection(_ c: Connection, didRead bytes: UnsafeRawBufferPointer) {
        c.enqueue(bytes)
        c.interest = [.read, .write]
    }

    func connectionDidDrain(_ c: Connection) {
        c.interest = .read
    }

    func connection(_ c: Connection, didCloseWith reason: CloseReason) {}
}

let loopback = SocketAddress(family: .ipv4, host: "127.0.0.1", port: 0)

/// Runs `loop` until something stops it or `limit` passes; true if it was stopped in time.
func run(_ loop: EventLoop, limit: Duration = .seconds(10)) -> Bool {
    var expired = false
    let watchdog = loop.schedule(after: limit) { [unowned loop] in
        expired = true
        loop.stop()
    }
    do {
        try loop.run()
    } catch {
        Issue.record("the event loop failed: \(error)")
        return false
    }
    loop.cancel(watchdog)
    return !expired
}

/// A port on 127.0.0.1 that nothing listens on (bound by the kernel, then released).
func closedPort() throws -> Int {
    let socket = try Socket.listen(on: loopback)
    defer { socket.close() }
    return socket.localAddress!.port
}
