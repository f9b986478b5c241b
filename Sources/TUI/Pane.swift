/// The panes of the screen, in Tab order.
public enum Pane: String, Sendable, CaseIterable {
    case composer = "Request"
    case connections = "Connections"
    case dump = "Bytes"
    case decoded = "Decoded"
    case events = "Events"

    var next: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    var previous: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + all.count - 1) % all.count]
    }
}
