import FrameCore

/// Reads a JSON Lines recording back into `SessionEvent`s. Only the fields an event is made of
/// are read; the decoded `messages` are a convenience for people and are recomputed by whoever
/// decodes the bytes, so a hand-edited file cannot make the two disagree.
public enum JSONLinesReader {
    /// Longest line accepted: a 16 MiB read as base64 plus its decoded copy fits comfortably.
    public static let maxLineLength = 64 * 1024 * 1024

    /// The events kept within `limits.replayBudget` (see `contents` for where a cut was made).
    public static func read(_ bytes: [UInt8], limits: CaptureLimits = .default) throws(CaptureError) -> [SessionEvent] {
        try contents(bytes, limits: limits).events
    }

    /// The events of the file from its start, as many as `limits.replayBudget` holds, and where the
    /// rest was left out. Lines after the cut are not parsed: a bad line there is not reported.
    public static func contents(_ bytes: [UInt8], limits: CaptureLimits = .default) throws(CaptureError) -> CaptureContents {
        var events: [SessionEvent] = []
        var budget = ReplayBudget(limit: limits.replayBudget)
        var cut: CaptureContents.Cut?
        var lineNumber = 0
        var start = 0
        var sawHeader = false
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            lineNumber += 1
            defer { start = end + 1 }
            guard end - start <= maxLineLength else {
                throw .limitExceeded(what: "line \(lineNumber)'s length", limit: maxLineLength)
            }
            var line = Array(bytes[start..<end])
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(line, maxDepth: 64)
            } catch {
                throw .badLine(number: lineNumber, reason: "not JSON: \(error)")
            }
            guard case .object = value else { throw .badLine(number: lineNumber, reason: "not a JSON object") }
            if !sawHeader {
                try checkHeader(value)
                sawHeader = true
                continue
            }
            guard events.count < limits.maxEvents else {
                throw .limitExceeded(what: "the number of events", limit: limits.maxEvents)
            }
            let next = try event(value, line: lineNumber)
            guard budget.admit(next) else {
                cut = .init(keptEvents: events.count, offset: start, fileSize: bytes.count, budget: limits.replayBudget)
                break
            }
            events.append(next)
        }
        guard sawHeader else { throw .empty }
        return CaptureContents(events: events, cut: cut)
    }

    private static func checkHeader(_ value: JSONValue) throws(CaptureError) {
        guard case let .string(format)? = value["format"], format == JSONLinesWriter.formatName else {
            throw .unsupportedVersion("the first line does not name the format \"\(JSONLinesWriter.formatName)\"")
        }
        guard case let .number(text)? = value["version"], let version = Int(text) else {
            throw .unsupportedVersion("the first line has no integer version")
        }
        guard version == JSONLinesWriter.version else {
            throw .unsupportedVersion("version \(version); this SocketLab reads version \(JSONLinesWriter.version)")
        }
    }

    private static func event(_ value: JSONValue, line: Int) throws(CaptureError) -> SessionEvent {
        func string(_ key: String) throws(CaptureError) -> String {
            guard case let .string(s)? = value[key] else { throw .badLine(number: line, reason: "\"\(key)\" is missing or not a string") }
            return s
        }
        guard case let .number(timeText)? = value["time"], let time = Double(timeText), time.isFinite else {
            throw .badLine(number: line, reason: "\"time\" is missing or not a number")
        }
        // Bounded so every later use (milliseconds as Int, elapsed hundredths) stays in range.
        guard (0...1e12).contains(time) else {
            throw .badLine(number: line, reason: "\"time\" must be seconds since 1970, from 0 to 10^12")
        }
        var connection: Int?
        if let member = value["connection"], member != .null {
            guard case let .number(text) = member, let id = Int(text) else {
                throw .badLine(number: line, reason: "\"connection\" is not an integer")
            }
            connection = id
        }
        let kind: SessionEvent.Kind
        switch try string("kind") {
        case "listening":
            kind = .listening(address: try string("address"), mode: try string("mode"))
        case "opened":
            guard let side = SessionEvent.Side(rawValue: try string("side")) else {
                throw .badLine(number: line, reason: "\"side\" must be \"client\" or \"server\"")
            }
            kind = .opened(side: side, peer: try string("peer"), local: try string("local"))
        case "bytes":
            guard let direction = SessionEvent.Direction(rawValue: try string("direction")) else {
                throw .badLine(number: line, reason: "\"direction\" must be \"in\" or \"out\"")
            }
            let bytes: [UInt8]?
            if case let .string(hex)? = value["hex"] {
                bytes = ByteText.fromHex(hex)
            } else if case let .string(base64)? = value["base64"] {
                bytes = ByteText.fromBase64(base64)
            } else {
                throw .badLine(number: line, reason: "a bytes event needs \"hex\" or \"base64\"")
            }
            guard let bytes else { throw .badLine(number: line, reason: "the bytes are not valid hex or base64") }
            kind = .bytes(direction, bytes)
        case "state":
            kind = .state(try string("text"))
        case "interest":
            kind = .interest(try string("interest"))
        case "stats":
            guard let member = value["stats"], let stats = StatsCoding.stats(member) else {
                throw .badLine(number: line, reason: "\"stats\" must be an object of integers")
            }
            kind = .stats(stats)
        case "log":
            kind = .log(try string("text"))
        case "error":
            kind = .error(try string("text"))
        case "selector":
            kind = .selector(try string("text"))
        case "closed":
            kind = .closed(reason: try string("reason"))
        case let other:
            throw .badLine(number: line, reason: "unknown kind \(JSONValue.quoted(other))")
        }
        return SessionEvent(time: time, connection: connection, kind: kind)
    }
}
