import Foundation
import Glibc
import Synchronization
import Testing
@testable import Reactor

/// What ties loop-owned state to the loop's thread: `inEventLoop`, `LoopBound`, and a selector
/// failure that ends `run()` with an error instead of the process.
@Suite struct LoopThreadTests {
    /// A selector whose wait fails, as epoll_wait would with EBADF.
    final class FailingSelector: Selector {
        func register(fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {}
        func modify(fd: Int32, interest: Interest, token: UInt64) throws(SocketError) {}
        func unregister(fd: Int32) throws(SocketError) {}
        func select(timeout: Duration?, into events: inout [SelectorEvent]) throws(SocketError) {
            throw SocketError(errno: EBADF, call: "epoll_wait", address: nil)
        }
    }

    @Test("a failing selector ends run() with its error, and the loop can be asked again")
    func selectorFailureIsThrown() throws {
        let loop = try EventLoop(selector: FailingSelector())
        var ran = false
        loop.schedule(after: .zero) { ran = true }
        #expect(throws: SocketError(errno: EBADF, call: "epoll_wait", address: nil)) { try loop.run() }
        #expect(throws: SocketError.self) { try loop.run() }
        #expect(!ran, "nothing was dispatched after the failure")
    }

    @Test("inEventLoop is true on the loop's thread only, and follows the thread that runs it")
    func inEventLoopFollowsTheRunningThread() throws {
        let loop = try EventLoop()
        #expect(loop.inEventLoop, "the creating thread owns the loop until it is run")
        let handle = loop.handle
        let seenFromTask = Mutex<Bool?>(nil)
        let seenFromOutside = Mutex<Bool?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            handle.execute {
                seenFromTask.withLock { $0 = handle.inEventLoop }
                handle.stop()
            }
            seenFromOutside.withLock { $0 = handle.inEventLoop }
            done.signal()
        }
        thread.start()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(seenFromOutside.withLock { $0 } == false)
        #expect(run(loop))
        #expect(seenFromTask.withLock { $0 } == true)
    }

    @Test("a LoopBound value round-trips through Sendable code back to its loop")
    func loopBoundOnTheLoop() throws {
        let loop = try EventLoop()
        final class Box { var count = 0 }
        var bound = LoopBound(Box(), loop: loop)
        bound.value.count += 1
        let carried = Mutex<LoopBound<Box>?>(bound)
        loop.handle.execute {
            carried.withLock { $0?.value.count += 1 }
        }
        loop.schedule(after: .milliseconds(20)) { loop.stop() }
        #expect(run(loop))
        #expect(bound.value.count == 2)
        bound.value = Box()
        #expect(bound.value.count == 0)
    }

    @Test("reading a LoopBound value off its loop's thread traps")
    func loopBoundOffTheLoopTraps() async {
        await #expect(processExitsWith: .failure) {
            let loop = try EventLoop()
            let bound = LoopBound(42, loop: loop)
            let read = DispatchSemaphore(value: 0)
            let thread = Thread {
                _ = bound.value
                read.signal()  // reached only if the read did not trap: the child then exits 0
            }
            thread.start()
            read.wait()
        }
    }
}
