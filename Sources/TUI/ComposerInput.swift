import FrameCore

/// A parsed line of the composer.
///
/// `search VALUE` and `ACTION VALUE` build requests exactly as the tutorial's client does,
/// `hex 00 05 …` sends bytes as typed (for malformed frames), and `:`-commands drive the
/// workshop controls.
public enum ComposerInput: Equatable, Sendable {
    case request(payload: [UInt8], label: String)
    /// `:chunk N D`: send the following requests in chunks of N bytes, D ms apart.
    case chunk(size: Int, delayMilliseconds: Int)
    case chunkOff
    /// `:burst N [request]`: N connections at once.
    case burst(count: Int, payload: [UInt8]?, label: String?)
    /// `:bad NAME`: a ready-made malformed frame.
    case malformed(MalformedPreset)
    case pause
    case help
    case quit
    /// `:clear`: forget closed connections.
    case clear
    /// `:theme NAME`: switch the look (default, projector, mono).
    case theme(ThemeName)
    /// `:record FILE` (.jsonl or .pcap) and `:record stop`.
    case record(path: String)
    case recordStop
    /// `:selector on|off`: the event log shows the selector's wake-ups and registrations.
    case selectorView(Bool)
    /// `:step on|off`: the loop stops before each wake-up's ready events until `n`.
    case stepping(Bool)

    /// The tutorial's two multiconn messages, sent by one burst connection in echo modes.
    public static let multiconnPayload = Array("Message 1 from client.Message 2 from client.".utf8)

    public static func parse(_ line: String, mode: ComposerMode) -> Result<ComposerInput, ComposerError> {
        let trimmed = line.trimmingSpaces
        guard !trimmed.isEmpty else { return .failure(.empty(example: mode.example)) }
        if trimmed.hasPrefix(":") { return parseCommand(String(trimmed.dropFirst()), mode: mode) }
        return parseRequest(trimmed, mode: mode).map { .request(payload: $0.payload, label: $0.label) }
    }

    static func parseRequest(_ line: String, mode: ComposerMode) -> Result<(payload: [UInt8], label: String), ComposerError> {
        let (word, rest) = line.splitFirstWord
        if word == "hex" {
            return parseHex(rest).map { ($0, "hex, \($0.count) bytes") }
        }
        guard mode == .app else { return .success((Array(line.utf8), "echo \(line.utf8.count) bytes")) }
        let request = AppRequest(action: word, value: rest)
        let label = word == "search" ? "search \(rest)" : "\(word) \(rest) (binary request)"
        return .success((request.message().encoded, label))
    }

    static func parseHex(_ text: String) -> Result<[UInt8], ComposerError> {
        let digits = text.filter { !$0.isWhitespace && $0 != "," && $0 != ":" }
        guard !digits.isEmpty else { return .failure(.badHex("no hex digits after `hex`")) }
        guard digits.count % 2 == 0 else { return .failure(.badHex("an odd number of hex digits")) }
        var bytes: [UInt8] = []
        var chars = digits.makeIterator()
        while let hi = chars.next(), let lo = chars.next() {
            guard let byte = UInt8(String([hi, lo]), radix: 16) else {
                return .failure(.badHex("`\(hi)\(lo)` is not a hex byte"))
            }
            bytes.append(byte)
        }
        return .success(bytes)
    }

    static func parseCommand(_ text: String, mode: ComposerMode) -> Result<ComposerInput, ComposerError> {
        let (name, rest) = text.splitFirstWord
        let args = rest.split(separator: " ").map(String.init)
        switch name {
        case "chunk":
            if args == ["off"] { return .success(.chunkOff) }
            guard (1...2).contains(args.count), let size = Int(args[0]), size > 0 else {
                return .failure(.usage(":chunk N [DELAY_MS] or :chunk off"))
            }
            let delay = args.count == 2 ? Int(args[1]) : 200
            guard let delay, (0...60_000).contains(delay) else { return .failure(.usage(":chunk N [DELAY_MS], delay 0…60000")) }
            return .success(.chunk(size: size, delayMilliseconds: delay))
        case "burst":
            guard let first = args.first, let count = Int(first), (1...1000).contains(count) else {
                return .failure(.usage(":burst N [REQUEST], N from 1 to 1000"))
            }
            let request = rest.splitFirstWord.rest
            if request.isEmpty {
                return .success(mode == .app ? .burst(count: count, payload: nil, label: nil)
                    : .burst(count: count, payload: multiconnPayload, label: "the two multiconn messages"))
            }
            return parseRequest(request, mode: mode).map { .burst(count: count, payload: $0.payload, label: $0.label) }
        case "bad":
            guard mode.framed else { return .failure(.appProtocolOnly(command: name, mode: mode)) }
            guard let preset = args.first.flatMap(MalformedPreset.init(rawValue:)) else {
                return .failure(.usage(":bad " + MalformedPreset.allCases.map(\.rawValue).joined(separator: "|")))
            }
            return .success(.malformed(preset))
        case "pause": return .success(.pause)
        case "help": return .success(.help)
        case "quit", "q": return .success(.quit)
        case "clear": return .success(.clear)
        case "theme":
            guard args.count == 1, let theme = ThemeName(rawValue: args[0]) else {
                return .failure(.usage(":theme " + ThemeName.allCases.map(\.rawValue).joined(separator: "|")))
            }
            return .success(.theme(theme))
        case "record":
            if rest.trimmingSpaces == "stop" { return .success(.recordStop) }
            guard !rest.trimmingSpaces.isEmpty else { return .failure(.usage(":record FILE.jsonl|FILE.pcap or :record stop")) }
            return .success(.record(path: rest.trimmingSpaces))
        case "selector", "step":
            guard args.count == 1, args[0] == "on" || args[0] == "off" else { return .failure(.usage(":\(name) on|off")) }
            return .success(name == "step" ? .stepping(args[0] == "on") : .selectorView(args[0] == "on"))
        default: return .failure(.unknownCommand(name))
        }
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }

    /// The first space-separated word and the rest (one separating space dropped; the rest keeps its spaces).
    var splitFirstWord: (word: String, rest: String) {
        guard let space = firstIndex(of: " ") else { return (self, "") }
        return (String(self[..<space]), String(self[index(after: space)...]))
    }
}
