import FrameCore

/// The guided tour's script, decoded from the data file (`tour.json`) with FrameCore's parser so
/// the text can be edited or translated without touching code:
/// `{"steps": [{"title": …, "mode": "echo|multiconn|app", "text": [paragraphs], "actions": [lines]}]}`.
/// Every action is parsed as a composer line of its step's mode here, so a typo fails at load
/// with the step's number, not silently in front of a room.
public struct Tour: Equatable, Sendable {
    /// A tour is a few kilobytes; the bound keeps a wrong file from being read whole.
    public static let maxBytes = 256 * 1024

    public let steps: [TourStep]

    public init(steps: [TourStep]) throws(TourError) {
        guard !steps.isEmpty else { throw .badShape("steps (the list is empty)") }
        for (index, step) in steps.enumerated() {
            for action in step.actions {
                if case let .failure(error) = ComposerInput.parse(action, mode: step.mode) {
                    throw .badAction(step: index + 1, action: action, reason: error.description)
                }
            }
        }
        self.steps = steps
    }

    public static func parse(_ bytes: [UInt8]) throws(TourError) -> Tour {
        guard bytes.count <= maxBytes else { throw .tooBig(bytes.count) }
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw .notJSON(error.description)
        }
        guard case let .array(items)? = root["steps"] else { throw .badShape("\"steps\" array") }
        var steps: [TourStep] = []
        for (index, item) in items.enumerated() {
            let where_ = "step \(index + 1)"
            guard case let .string(title)? = item["title"] else { throw .badShape("\"title\" in \(where_)") }
            guard case let .string(modeName)? = item["mode"], let mode = ComposerMode(rawValue: modeName) else {
                throw .badShape("\"mode\" (app, echo or multiconn) in \(where_)")
            }
            steps.append(TourStep(title: title, mode: mode, text: try strings(item["text"], "\"text\" in \(where_)"),
                                  actions: try strings(item["actions"] ?? .array([]), "\"actions\" in \(where_)")))
        }
        return try Tour(steps: steps)
    }

    private static func strings(_ value: JSONValue?, _ what: String) throws(TourError) -> [String] {
        guard case let .array(items)? = value else { throw .badShape(what + " (a list of strings)") }
        var out: [String] = []
        for item in items {
            guard case let .string(text) = item else { throw .badShape(what + " (a list of strings)") }
            out.append(text)
        }
        return out
    }
}
