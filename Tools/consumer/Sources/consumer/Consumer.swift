// Uses SocketLab's library products as another package would: FrameCore to build and decode a
// frame, Reactor for an event loop, Peers for the reference server and the app client.
// Prints what app-client.py would, then exits 0; anything else exits 1.
import Foundation
import FrameCore
import Peers
import Reactor
import Synchronization

@main
enum Consumer {
    static func main() {
        // FrameCore alone: encode a request and decode it back.
        let request = AppRequest(action: "search", value: "morpheus")
        var decoder = FrameDecoder()
        decoder.feed(request.message().encoded)
        guard let decoded = try? decoder.next(), decoded == request.message() else {
            fail("FrameCore did not decode its own request")
        }

        // Reactor + Peers: a reference server on an event loop thread, asked by the app client.
        let started = DispatchSemaphore(value: 0)
        let state = Mutex<(handle: EventLoopHandle, port: Int)?>(nil)
        let thread = Thread {
            do {
                let loop = try EventLoop()
                let server = ReferenceServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0),
                                             loop: loop, sink: .silent())
                let address = try server.start()
                state.withLock { $0 = (loop.handle, address.port) }
                started.signal()
                try loop.run()
            } catch {
                print("server failed: \(error)")
                started.signal()
            }
        }
        thread.start()
        started.wait()
        guard let (handle, port) = state.withLock({ $0 }) else { fail("the server did not start") }
        defer { handle.stop() }

        switch AppClient.run(host: "127.0.0.1", port: port, request: request, timeout: .seconds(10), sink: .silent()) {
        case let .success(reply):
            guard let line = try? AppReply.line(for: reply) else { fail("the reply is not an app reply") }
            print(line)
        case let .failure(error):
            fail("\(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        print("consumer: \(message)")
        exit(1)
    }
}
