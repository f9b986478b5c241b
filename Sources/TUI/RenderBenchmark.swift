import FrameCore

/// `socketlab bench render`: the cost of drawing a frame when every ring is full, and of
/// feeding the model a flood of bytes, measured in process. The render must stay within a
/// frame budget however much a session has kept, because it only builds what is on screen.
public enum RenderBenchmark {
    public struct Result: Sendable {
        /// What was measured, e.g. "render 200×60, following".
        public var name: String
        public var samples: Int
        public var medianMilliseconds: Double
        public var maxMilliseconds: Double
    }

    /// A session with full rings: `connections` connections, each with `limits.bytesPerStream`
    /// bytes per direction in 16 KiB-content messages, the event log full, the last one selected.
    public static func fullSession(limits: TUILimits = TUILimits(), connections: Int? = nil) -> TUIState {
        var state = TUIState(target: "127.0.0.1:40000", origin: "embedded app server", limits: limits)
        let reply = Message(contentType: "binary/custom-server-binary-type", contentEncoding: "binary",
                            content: (0..<16_384).map { UInt8($0 % 256) }).encoded
        let request = AppRequest.search("morpheus").message().encoded
        var time = 1_764_151_200.0
        func event(_ id: Int, _ kind: SessionEvent.Kind) -> SessionEvent {
            time += 0.001
            return SessionEvent(time: time, connection: id, kind: kind)
        }
        let count = connections ?? limits.connections
        let repeats = max(1, limits.bytesPerStream / reply.count + 1)
        for id in 1...count {
            state.apply(event(id, .opened(side: .client, peer: "127.0.0.1:40000", local: "127.0.0.1:\(50_000 + id)")))
            for _ in 0..<repeats {
                state.apply(event(id, .bytes(.out, request)))
                state.apply(event(id, .bytes(.in, reply)))
            }
        }
        for i in 0..<limits.events { state.apply(event(count, .log("Got response: line \(i) " + String(repeating: "x", count: 200)))) }
        state.focus = .dump
        return state
    }

    /// Renders `state` `samples` times at each size, following and scrolled to the middle.
    public static func run(sizes: [(Int, Int)] = [(200, 60), (120, 40), (80, 24)], samples: Int = 200) -> [Result] {
        var results: [Result] = []
        let state = fullSession()
        for (w, h) in sizes {
            results.append(measure("render \(w)×\(h), following", samples: samples) { _ = Renderer.render(state, width: w, height: h) })
            var scrolled = state
            _ = scrolled.handle(.end, width: w, height: h)
            for _ in 0..<200 { _ = scrolled.handle(.pageUp, width: w, height: h) }
            results.append(measure("render \(w)×\(h), scrolled", samples: samples) { _ = Renderer.render(scrolled, width: w, height: h) })
            results.append(measure("key (PgUp) \(w)×\(h)", samples: samples) { _ = scrolled.handle(.pageUp, width: w, height: h) })
        }
        var feed = state
        let chunk = SessionEvent(time: 0, connection: 1, kind: .bytes(.in, [UInt8](repeating: 0x41, count: 65_536)))
        results.append(measure("apply a 64 KiB read", samples: samples) { feed.apply(chunk) })
        let paste = String(repeating: "search 🐶 e\u{301}\r\n", count: 1_540).prefix(20_000)
        results.append(measure("paste 20,000 characters", samples: 3) {
            var composer = TUIState(target: "", origin: "")
            for key in [.pasteStart] + paste.map(KeyEvent.character) + [.pasteEnd(cut: false)] { _ = composer.handle(key, width: 200, height: 60) }
        })
        let huge = [KeyEvent](repeating: .character("4"), count: 1_000_000)
        results.append(measure("paste 1,000,000 characters (the line keeps 100,000)", samples: 3) {
            var composer = TUIState(target: "", origin: "")
            for key in [.pasteStart] + huge + [.pasteEnd(cut: false)] { _ = composer.handle(key, width: 200, height: 60) }
        })
        // A frame with the request line full: only what is on screen of it is measured.
        var long = TUIState(target: "", origin: "")
        for c in "hex " + String(repeating: "41 ", count: 40_000) { _ = long.handle(.character(c), width: 200, height: 60) }
        results.append(measure("render 200×60 with a full request line (100,000 characters)", samples: 20) {
            _ = Renderer.render(long, width: 200, height: 60)
        })
        return results
    }

    static func measure(_ name: String, samples: Int, _ body: () -> Void) -> Result {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<samples {
            let elapsed = clock.measure(body)
            times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
        }
        times.sort()
        return Result(name: name, samples: samples, medianMilliseconds: times[times.count / 2], maxMilliseconds: times.last ?? 0)
    }
}
