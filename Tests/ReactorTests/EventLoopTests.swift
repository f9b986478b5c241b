import Foundation
import Glibc
import Synchronization
import Testing
@testable import Reactor

@Suite struct EventLoopTests {
    @Test func echoOverLoopback() throws {
        let loop = try EventLoop()
        let listener = try loop.listen(on: loopback) { _ in EchoHandler() }
        #expect(listener.address.host == "127.0.0.1")
        #expect(listener.address.port != 0)
        let message = Array("Hello, world".utf8)
        let client = Recorder()
        client.onOpen = { c in
            c.enqueue(message)
            c.interest = [.read, .write]
        }
        client.onDrain = { c in c.interest = .read }
        client.onRead = { [unowned client] c, _ in
            if client.received.count == message.count {
                c.countMessageIn()
                c.close(.local("echo received"))
            }
        }
        client.onClose = { [unowned loop] _, _ in loop.stop() }
        let connection = try loop.connect(to: listener.address, handler: client)
        #expect(connection.state == .connecting)
        #expect(connection.role == .outgoing)
        #expect(run(loop))
        #expect(client.opened == 1)
        #expect(client.drains == 1)
        #expect(client.received == message)
        #expect(client.closeReason == .local("echo received"))
        #expect(connection.state == .closed(.local("echo received")))
        #expect(connection.counters.bytesOut == 12)
        #expect(connection.counters.bytesIn == 12)
        #expect(connection.counters.messagesIn == 1)
        #expect(connection.sendQueueBytes == 0)
    }

    @Test func largeMessagesSurvivePartialWrites() throws {
        let loop = try EventLoop()
        let listener = try loop.listen(on: loopback) { _ in EchoHandler() }
        let size = 8 << 20
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) }
        let client = Recorder()
        client.onOpen = { c in
            c.enqueue(Array(payload[..<(size / 2)]))
            c.enqueue(Array(payload[(size / 2)...]))
            c.interest = [.read, .write]
        }
        client.onRead = { [unowned client] c, _ in
            if client.received.count == size { c.close(.local("done")) }
        }
        client.onClose = { [unowned loop] _, _ in loop.stop() }
        _ = try loop.connect(to: listener.address, handler: client)
        #expect(run(loop, limit: .seconds(30)))
        #expect(client.received.count == size)
        #expect(client.received == payload)
    }

    @Test func timersFireInOrderAndCancelledOnesDoNot() throws {
        let loop = try EventLoop()
        var fired: [String] = []
        loop.schedule(after: .milliseconds(30)) { fired.append("30ms") }
        loop.schedule(after: .milliseconds(10)) { fired.append("10ms-a") }
        let cancelled = loop.schedule(after: .milliseconds(15)) { fired.append("cancelled") }
        loop.schedule(after: .milliseconds(10)) { fired.append("10ms-b") }
        loop.schedule(after: .milliseconds(20)) { fired.append("20ms") }
        loop.schedule(after: .milliseconds(40)) { [unowned loop] in
            fired.append("40ms")
            loop.stop()
        }
        loop.cancel(cancelled)
        let start = ContinuousClock.now
        #expect(run(loop))
        #expect(fired == ["10ms-a", "10ms-b", "20ms", "30ms", "40ms"])
        #expect(ContinuousClock.now - start >= .milliseconds(40))
    }

    @Test func executeFromAnotherThreadRunsOnTheLoop() throws {
        final class Seen: Sendable {
            let thread = Mutex<pthread_t?>(nil)
            let order = Mutex<[Int]>([])
        }
        let loop = try EventLoop()
        let handle = loop.handle
        let seen = Seen()
        Thread.detachNewThread {
            for index in 0..<100 {
                handle.execute { seen.order.withLock { $0.append(index) } }
            }
            handle.execute {
                seen.thread.withLock { $0 = pthread_self() }
                handle.stop()
            }
        }
        #expect(run(loop))
        #expect(seen.thread.withLock { $0 } == pthread_self())
        #expect(seen.order.withLock { $0 } == Array(0..<100))
    }

    @Test func stopFromAnotherThread() throws {
        let loop = try EventLoop()
        let handle = loop.handle
        // The stop must arrive while the loop waits in the selector (a stop requested before
        // run() would make it return at once and prove nothing): the other thread waits until
        // the loop has run a timer, then stops it.
        let running = DispatchSemaphore(value: 0)
        let stopped = Atomic<Bool>(false)
        loop.schedule(after: .zero) { running.signal() }
        Thread.detachNewThread {
            running.wait()
            stopped.store(true, ordering: .relaxed)
            handle.stop()
        }
        #expect(run(loop))
        let stoppedByTheThread = stopped.load(ordering: .relaxed)
        #expect(stoppedByTheThread)
    }

    @Test func connectToAClosedPortIsRefused() throws {
        let loop = try EventLoop()
        let port = try closedPort()
        let client = Recorder()
        client.onClose = { [unowned loop] _, _ in loop.stop() }
        let connection = try loop.connect(to: SocketAddress(family: .ipv4, host: "127.0.0.1", port: port), timeout: .seconds(5), handler: client)
        #expect(run(loop))
        #expect(client.opened == 0)
        #expect(client.closeReason == .failed(.connectionRefused("127.0.0.1:\(port)")))
        #expect(client.closeReason?.description == "connection refused by 127.0.0.1:\(port)")
        #expect(connection.state == .closed(.failed(.connectionRefused("127.0.0.1:\(port)"))))
    }

    @Test func idleTimeoutClosesAnIdleConnection() throws {
        let loop = try EventLoop()
        let server = Recorder()
        let client = Recorder()
        var options = ListenerOptions()
        options.idleTimeout = .milliseconds(100)
        let listener = try loop.listen(on: loopback, options: options) { _ in server }
        client.onClose = { [unowned loop] _, _ in loop.stop() }
        let start = ContinuousClock.now
        _ = try loop.connect(to: listener.address, handler: client)
        #expect(run(loop))
        #expect(server.closeReason == .idleTimeout(.milliseconds(100)))
        #expect(client.closeReason == .peerClosed)
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }

    @Test func progressPostponesTheIdleTimeout() throws {
        let loop = try EventLoop()
        let server = Recorder()
        var options = ListenerOptions()
        options.idleTimeout = .milliseconds(150)
        let listener = try loop.listen(on: loopback, options: options) { _ in server }
        let client = Recorder()
        var ticks = 0
        client.onOpen = { [unowned loop] c in
            c.interest = [.read, .write]
            func tick() {
                ticks += 1
                c.enqueue([UInt8(ticks)])
                if ticks < 6 { loop.schedule(after: .milliseconds(50), tick) }
            }
            tick()
        }
        client.onClose = { [unowned loop] _, _ in loop.stop() }
        let start = ContinuousClock.now
        _ = try loop.connect(to: listener.address, handler: client)
        #expect(run(loop))
        #expect(server.received == [1, 2, 3, 4, 5, 6])
        #expect(server.closeReason == .idleTimeout(.milliseconds(150)))
        #expect(ContinuousClock.now - start >= .milliseconds(400))
    }

    @Test func connectionsOverTheLimitAreRefusedAndCounted() throws {
        let loop = try EventLoop()
        var refusedEvents: [Int] = []
        loop.addObserver { event in
            if case .refused(_, let total) = event.kind { refusedEvents.append(total) }
        }
        var options = ListenerOptions()
        options.maxConnections = 1
        let first = Recorder()
        let second = Recorder()
        var servers: [Recorder] = []
        var listener: Listener!
        listener = try loop.listen(on: loopback, options: options) { [unowned loop] _ in
            let server = Recorder()
            servers.append(server)
            _ = try? loop.connect(to: listener.address, handler: second)
            return server
        }
        second.onClose = { [unowned loop] _, _ in loop.stop() }
        _ = try loop.connect(to: listener.address, handler: first)
        #expect(run(loop))
        #expect(servers.count == 1)
        #expect(listener.refusedCount == 1)
        #expect(refusedEvents == [1])
        #expect(first.closeReason == nil)
        #expect(second.opened == 1, "the kernel completed the handshake before the refusal")
        #expect(second.closeReason == .peerClosed || second.closeReason == .failed(.connectionReset))
        #expect(loop.connections.count == 2, "the first client and its server side stay open")
    }

    @Test func observerSeesAcceptedReadWroteClosedInOrder() throws {
        let loop = try EventLoop()
        var log: [Int: [String]] = [:]
        loop.addObserver { event in
            let tag: String
            switch event.kind {
            case .listening: tag = "listening"
            case .accepted: tag = "accepted"
            case .connecting: tag = "connecting"
            case .connected: tag = "connected"
            case .read(let bytes): tag = "read:" + String(decoding: bytes, as: UTF8.self)
            case .wrote(let bytes): tag = "wrote:" + String(decoding: bytes, as: UTF8.self)
            case .interest(let interest): tag = "interest:\(interest)"
            case .refused: tag = "refused"
            case .acceptPaused: tag = "paused"
            case .closed(let reason): tag = "closed:\(reason)"
            case .selector: return  // the selector view's own test covers these
            }
            #expect(event.time > 1_600_000_000)
            log[event.connection ?? 0, default: []].append(tag)
        }
        let listener = try loop.listen(on: loopback) { _ in EchoHandler() }
        let client = Recorder()
        client.onOpen = { c in
            c.enqueue(Array("ping".utf8))
            c.interest = [.read, .write]
        }
        client.onDrain = { c in c.interest = .read }
        client.onRead = { c, _ in c.close(.local("got it")) }
        var serverClosed = false
        loop.addObserver { [unowned loop] event in
            if case .closed = event.kind, event.connection != nil, serverClosed {
                loop.stop()
            }
            if case .closed = event.kind { serverClosed = true }
        }
        let connection = try loop.connect(to: listener.address, handler: client)
        #expect(run(loop))
        #expect(log[listener.id] == ["listening"])
        #expect(log[connection.id] == [
            "connecting", "connected", "interest:READ|WRITE", "wrote:ping", "interest:READ", "read:ping", "closed:got it",
        ])
        let serverID = try #require(log.keys.first { $0 != listener.id && $0 != connection.id })
        #expect(log[serverID] == [
            "accepted", "interest:READ", "read:ping", "interest:READ|WRITE", "wrote:ping", "interest:READ", "closed:closed by peer",
        ])
    }

    @Test func kernelQueueDepthsShowUnreadBytes() throws {
        let loop = try EventLoop()
        var serverConnection: Connection?
        let server = Recorder()
        server.onOpen = { c in
            c.interest = []
            serverConnection = c
        }
        let listener = try loop.listen(on: loopback) { _ in server }
        let client = Recorder()
        client.onOpen = { c in
            c.enqueue([UInt8](repeating: 7, count: 100))
            c.interest = [.read, .write]
        }
        var depths: (receive: Int, send: Int) = (-1, -1)
        var clientDepths: (receive: Int, send: Int) = (-1, -1)
        client.onDrain = { [unowned loop] c in
            loop.schedule(after: .milliseconds(50)) {
                depths = serverConnection?.kernelQueueDepths() ?? (-1, -1)
                clientDepths = c.kernelQueueDepths()
                loop.stop()
            }
        }
        _ = try loop.connect(to: listener.address, handler: client)
        #expect(run(loop))
        #expect(depths.receive == 100)
        #expect(depths.send == 0)
        #expect(clientDepths.receive >= 0 && clientDepths.send >= 0)
        #expect(server.received.isEmpty, "interest [] means the handler was not given the bytes")
        #expect(loop.connections.map(\.id) == loop.connections.map(\.id).sorted())
    }

    @Test func closeWhenDrainedSendsEverythingFirst() throws {
        let loop = try EventLoop()
        let server = Recorder()
        server.onOpen = { c in
            c.enqueue(Array("response".utf8))
            c.closeWhenDrained(.local("response sent"))
        }
        let listener = try loop.listen(on: loopback) { _ in server }
        let client = Recorder()
        client.onClose = { [unowned loop] _, _ in loop.stop() }
        _ = try loop.connect(to: listener.address, handler: client)
        #expect(run(loop))
        #expect(client.received == Array("response".utf8))
        #expect(client.closeReason == .peerClosed)
        #expect(server.closeReason == .local("response sent"))
        #expect(server.drains == 0)
    }

    @Test func shutdownWriteSendsEndOfStreamAfterTheQueuedBytes() throws {
        let loop = try EventLoop()
        let server = Recorder()
        server.onClose = { [unowned loop] _, _ in loop.stop() }
        let listener = try loop.listen(on: loopback) { _ in server }
        let client = Recorder()
        client.onOpen = { c in
            c.enqueue(Array("last words".utf8))
            c.interest = [.read, .write]
            c.shutdownWrite()
        }
        let connection = try loop.connect(to: listener.address, handler: client)
        #expect(run(loop))
        #expect(server.received == Array("last words".utf8))
        #expect(server.closeReason == .peerClosed)
        #expect(client.closeReason == nil, "a half-closed connection still reads")
        #expect(connection.state == .open)
    }

    @Test func aResetPeerIsReportedAsFailure() throws {
        let loop = try EventLoop()
        let server = Recorder()
        server.onOpen = { c in
            c.resetOnClose()
            c.close(.local("reset"))
        }
        let listener = try loop.listen(on: loopback) { _ in server }
        let client = Recorder()
        client.onClose = { [unowned loop] _, _ in loop.stop() }
        _ = try loop.connect(to: listener.address, handler: client)
        #expect(run(loop))
        #expect(client.closeReason == .failed(.connectionReset))
    }

    @Test func signalsAreHandledOnTheLoop() throws {
        let loop = try EventLoop()
        var received: [Int32] = []
        loop.onSignals([SIGUSR2]) { [unowned loop] signal in
            received.append(signal)
            loop.stop()
        }
        // Process-directed, like Ctrl-C: the test may run on a worker thread that blocks signals.
        loop.schedule(after: .milliseconds(10)) { kill(getpid(), SIGUSR2) }
        #expect(run(loop))
        #expect(received == [SIGUSR2])
    }

    @Test func pollSelectorRunsTheSameLoop() throws {
        let loop = try EventLoop(selector: PollSelector())
        let listener = try loop.listen(on: loopback) { _ in EchoHandler() }
        let client = Recorder()
        client.onOpen = { c in
            c.enqueue(Array("poll".utf8))
            c.interest = [.read, .write]
        }
        client.onRead = { [unowned client] c, _ in
            if client.received.count == 4 { c.close(.local("done")) }
        }
        client.onClose = { [unowned loop] _, _ in loop.stop() }
        _ = try loop.connect(to: listener.address, handler: client)
        #expect(run(loop))
        #expect(client.received == Array("poll".utf8))
    }
}
