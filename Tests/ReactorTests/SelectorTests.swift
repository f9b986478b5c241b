import Glibc
import Testing
@testable import Reactor

@Suite struct SelectorTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case epoll, poll
        var testDescription: String { rawValue }

        func make() throws -> any Selector {
            switch self {
            case .epoll: return try EpollSelector()
            case .poll: return PollSelector()
            }
        }
    }

    /// A connected pair of non-blocking UNIX stream sockets, closed when the test ends.
    final class Pair {
        let a: Int32
        let b: Int32

        init() {
            var fds: [Int32] = [-1, -1]
            let result = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0, &fds)
            precondition(result == 0)
            a = fds[0]
            b = fds[1]
        }

        deinit {
            close(a)
            close(b)
        }

        func send(_ text: String, from fd: Int32) {
            var bytes = Array(text.utf8)
            #expect(write(fd, &bytes, bytes.count) == bytes.count)
        }
    }

    @Test(arguments: Backend.allCases)
    func readableAfterThePeerWrites(backend: Backend) throws {
        let selector = try backend.make()
        let pair = Pair()
        var events: [SelectorEvent] = []
        try selector.register(fd: pair.a, interest: .read, token: 7)
        try selector.select(timeout: .zero, into: &events)
        #expect(events.isEmpty)
        pair.send("x", from: pair.b)
        try selector.select(timeout: .seconds(2), into: &events)
        #expect(events == [SelectorEvent(token: 7, readable: true, writable: false, hangup: false, error: false)])
    }

    @Test(arguments: Backend.allCases)
    func modifyChangesInterestAndToken(backend: Backend) throws {
        let selector = try backend.make()
        let pair = Pair()
        var events: [SelectorEvent] = []
        try selector.register(fd: pair.a, interest: .read, token: 1)
        pair.send("x", from: pair.b)
        try selector.modify(fd: pair.a, interest: [], token: 2)
        try selector.select(timeout: .zero, into: &events)
        #expect(events.isEmpty, "no interest: unread data is not reported")
        try selector.modify(fd: pair.a, interest: [.read, .write], token: 3)
        try selector.select(timeout: .seconds(2), into: &events)
        #expect(events == [SelectorEvent(token: 3, readable: true, writable: true, hangup: false, error: false)])
    }

    @Test(arguments: Backend.allCases)
    func unregisterStopsEvents(backend: Backend) throws {
        let selector = try backend.make()
        let pair = Pair()
        var events: [SelectorEvent] = []
        try selector.register(fd: pair.a, interest: .write, token: 1)
        try selector.register(fd: pair.b, interest: .write, token: 2)
        try selector.select(timeout: .seconds(2), into: &events)
        #expect(Set(events.map(\.token)) == [1, 2])
        try selector.unregister(fd: pair.a)
        try selector.select(timeout: .seconds(2), into: &events)
        #expect(events.map(\.token) == [2])
        try selector.unregister(fd: pair.b)
        #expect(throws: SocketError.self) { try selector.unregister(fd: pair.b) }
    }

    @Test(arguments: Backend.allCases)
    func timeoutReturnsNoEvents(backend: Backend) throws {
        let selector = try backend.make()
        let pair = Pair()
        var events = [SelectorEvent(token: 99, readable: true, writable: false, hangup: false, error: false)]
        try selector.register(fd: pair.a, interest: .read, token: 1)
        let start = ContinuousClock.now
        try selector.select(timeout: .milliseconds(30), into: &events)
        #expect(events.isEmpty, "the array is cleared")
        #expect(ContinuousClock.now - start >= .milliseconds(29))
    }

    @Test(arguments: Backend.allCases)
    func peerCloseIsReadableWithHangUpOnceBothSidesAreShut(backend: Backend) throws {
        let selector = try backend.make()
        let pair = Pair()
        var events: [SelectorEvent] = []
        try selector.register(fd: pair.a, interest: .read, token: 5)
        shutdown(pair.b, Int32(SHUT_RDWR))
        shutdown(pair.a, Int32(SHUT_WR))
        try selector.select(timeout: .seconds(2), into: &events)
        #expect(events.count == 1)
        #expect(events.first?.readable == true)
        #expect(events.first?.hangup == true)
    }

    @Test func pollTimeoutRoundsUpToWholeMilliseconds() {
        #expect(Duration.pollTimeout(nil) == -1)
        #expect(Duration.pollTimeout(.zero) == 0)
        #expect(Duration.pollTimeout(.nanoseconds(1)) == 1)
        #expect(Duration.pollTimeout(.milliseconds(5)) == 5)
        #expect(Duration.pollTimeout(.microseconds(5001)) == 6)
        #expect(Duration.pollTimeout(.seconds(-1)) == 0)
    }

    @Test func interestDescriptionsReadLikePython() {
        #expect(Interest.read.description == "READ")
        #expect(Interest.write.description == "WRITE")
        #expect(Interest([.read, .write]).description == "READ|WRITE")
        #expect(Interest().description == "-")
    }
}
