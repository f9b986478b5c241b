import FrameCore
@testable import TUI

/// Builds the events of real exchanges, from FrameCore's own encoder and responder.
enum Fixtures {
    static let request = AppRequest.search("morpheus").message(byteorder: "little").encoded
    static let reply = try! AppResponder.reply(to: AppRequest.search("morpheus").message()).encoded

    static func event(_ connection: Int?, _ kind: SessionEvent.Kind, at time: Double = 1_764_151_200.5) -> SessionEvent {
        SessionEvent(time: time, connection: connection, kind: kind)
    }

    /// A client connection 1 and its server-side twin 2 carrying one search exchange.
    static func searchExchange(into state: inout TUIState, requestBytes: [UInt8] = request, replyBytes: [UInt8]? = reply) {
        state.apply(event(nil, .listening(address: "127.0.0.1:40000", mode: "app")))
        state.apply(event(1, .opened(side: .client, peer: "127.0.0.1:40000", local: "127.0.0.1:50000")))
        state.apply(event(2, .opened(side: .server, peer: "127.0.0.1:50000", local: "127.0.0.1:40000")))
        state.apply(event(1, .bytes(.out, requestBytes)))
        state.apply(event(2, .bytes(.in, requestBytes)))
        if let replyBytes {
            state.apply(event(2, .bytes(.out, replyBytes)))
            state.apply(event(1, .bytes(.in, replyBytes)))
            state.apply(event(1, .log("Got result: Follow the white rabbit. \u{1F430}")))
            state.apply(event(1, .closed(reason: "response processed")))
        }
    }

    static func newState(colors: Bool = true, limits: TUILimits = TUILimits()) -> TUIState {
        TUIState(target: "127.0.0.1:40000", origin: "embedded app server", limits: limits, colors: colors)
    }

    /// Row of the grid whose text contains `needle`.
    static func row(_ grid: Grid, containing needle: String) -> Int? {
        grid.lines.firstIndex { $0.contains(needle) }
    }

    /// Column (in cells) where `needle` starts on row `y`.
    static func column(_ grid: Grid, _ y: Int, of needle: String) -> Int? {
        var texts: [String] = []
        for x in 0..<grid.width { texts.append(grid[x, y].text) }
        for x in 0..<grid.width {
            var s = ""
            var i = x
            while i < grid.width, s.count < needle.count { s += texts[i]; i += 1 }
            if s.hasPrefix(needle) { return x }
        }
        return nil
    }
}
