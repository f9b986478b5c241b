import FrameCore
import Glibc
import LoopbackTestSupport
import Peers
import Reactor
import Testing

/// The selector made visible: for one request, the logical interest follows the tutorial's
/// register/modify calls, and the loop reports its wake-ups and its epoll calls in order.
@Suite("selector view", .timeLimit(.minutes(1)))
struct SelectorViewTests {
    /// One search request between the app server and the app client on one observed loop.
    static func observeOneRequest() throws -> [ReactorEvent] {
        let loop = try EventLoop()
        var events: [ReactorEvent] = []
        loop.addObserver { events.append($0) }
        let server = ReferenceServer(configuration: .embedded(mode: .app), loop: loop, sink: .silent())
        let address = try server.start()
        let handler = AppClientHandler(loop: loop, request: AppRequest.search("morpheus").message().encoded, sink: .silent(),
                                       host: address.description) { _ in loop.stop() }
        _ = try loop.connect(to: address, timeout: .seconds(5), handler: handler)
        loop.schedule(after: .seconds(5)) { loop.stop() }
        try loop.run()
        server.stop()
        return events
    }

    static func interests(_ events: [ReactorEvent], _ id: Int) -> [String] {
        events.compactMap { e in
            guard e.connection == id, case let .interest(i) = e.kind else { return nil }
            return i.description
        }
    }

    @Test("server: READ until the request is in, then WRITE, then unregistered; client: READ|WRITE until sent, then READ")
    func interestFollowsTheTutorial() throws {
        let events = try Self.observeOneRequest()
        let client = try #require(events.first { if case .connecting = $0.kind { true } else { false } }?.connection)
        let server = try #require(events.first { if case .accepted = $0.kind { true } else { false } }?.connection)
        #expect(Self.interests(events, server) == ["READ", "WRITE"])
        #expect(Self.interests(events, client) == ["READ|WRITE", "READ"])
        for id in [client, server] {
            let closed = events.lastIndex { $0.connection == id && { if case .closed = $0.kind { true } else { false } }($0) }
            let lastInterest = events.lastIndex { $0.connection == id && { if case .interest = $0.kind { true } else { false } }($0) }
            #expect(closed != nil && lastInterest != nil && lastInterest! < closed!, "closed (unregistered) last")
        }
    }

    @Test("wake-ups are numbered and list what was ready; epoll calls name a registered handle")
    func wakeUpsAndCalls() throws {
        let events = try Self.observeOneRequest()
        let calls = events.compactMap { e -> SelectorCall? in if case let .selector(c) = e.kind { c } else { nil } }
        let wakeUps = calls.compactMap { c -> (Int, [SelectorCall.Ready])? in if case let .wokeUp(n, r) = c { (n, r) } else { nil } }
        #expect(!wakeUps.isEmpty)
        #expect(wakeUps.map(\.0) == wakeUps.map(\.0).sorted(), "numbered in order")
        #expect(wakeUps.allSatisfy { !$0.1.isEmpty })
        let client = try #require(events.first { if case .connecting = $0.kind { true } else { false } }?.connection)
        // The client's connect completes as a WRITE wake-up, and its reply arrives as a READ one.
        #expect(wakeUps.contains { $0.1.contains(SelectorCall.Ready(handle: "#\(client)", events: "WRITE")) })
        #expect(wakeUps.contains { $0.1.contains { $0.handle == "#\(client)" && $0.events.hasPrefix("READ") } })
        var registered: Set<String> = []
        for call in calls {
            switch call {
            case let .register(handle, _): registered.insert(handle)
            case let .modify(handle, _): #expect(registered.contains(handle), "modify before register: \(handle)")
            case let .unregister(handle): #expect(registered.remove(handle) != nil, "unregister before register: \(handle)")
            case .wokeUp, .idle: break
            }
        }
        #expect(calls.first.map { "\($0)" }?.hasPrefix("register lsn 127.0.0.1:") == true)
        #expect(calls.map(\.description).contains("register #\(client) WRITE"), "a connecting socket waits for WRITE")
    }

    @Test("single-step: a stepping loop dispatches no wake-up with a ready socket until step(), then exactly one")
    func singleStep() throws {
        let loop = try EventLoop()
        let calls = Locked<[SelectorCall]>([])
        loop.addObserver { e in if case let .selector(c) = e.kind { calls.withLock { $0.append(c) } } }
        let server = ReferenceServer(configuration: .embedded(mode: .app), loop: loop, sink: .silent())
        let address = try server.start()
        let handle = loop.handle
        handle.setStepping(true)
        let box = UncheckedBox(loop)  // the loop thread becomes its only user
        let thread = BackgroundRun { () throws -> Bool in try box.value.run(); return true }
        // A raw client connects and sends: the listener becomes ready, and the loop waits.
        let client = try RawClient(port: address.port)
        #expect(client.send(Wire.search("ring")))
        let wakeUps = { calls.withLock { $0.filter { if case .wokeUp = $0 { true } else { false } }.count } }
        #expect(eventually { wakeUps() == 1 })
        usleep(200_000)
        #expect(wakeUps() == 1, "nothing more happens while waiting at the gate")
        handle.step()
        let (reply, _) = client.readToEnd(timeout: 5)  // accept, read, reply: all in the one dispatched wake-up
        #expect(reply == Wire.jsonReply("In the caves beneath the Misty Mountains. \u{1F48D}"))
        handle.setStepping(false)
        handle.stop()
        #expect(try thread.wait(timeout: 5))
    }
}
