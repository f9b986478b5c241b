/// Where each pane goes for a terminal size. Every pane is visible from 80×24 up; wider than
/// 120 columns the byte dump and the decoded view stand side by side; from 200 the dump shows 32
/// bytes a row. Each pane's first row is
/// its header (title and column headings), which saves the rows a box would cost.
public struct Layout: Equatable, Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let width: Int
    public let height: Int
    public let title: Rect
    public private(set) var connections: Rect
    public private(set) var dump: Rect
    public private(set) var decoded: Rect
    public private(set) var events: Rect
    public let composer: Rect
    public let status: Rect

    public var isTooSmall: Bool { width < Layout.minimumWidth || height < Layout.minimumHeight }

    /// The pane `z` maximised: it takes every row between the title and the composer, and the
    /// other middle panes get no room (nil: the normal layout).
    public let zoom: Pane?

    public init(width: Int, height: Int, zoom: Pane? = nil) {
        self.width = width
        self.height = height
        self.zoom = zoom == .composer ? nil : zoom
        title = Rect(x: 0, y: 0, width: width, height: 1)
        status = Rect(x: 0, y: height - 1, width: width, height: 1)
        composer = Rect(x: 0, y: height - 2, width: width, height: 1)
        let rest = max(0, height - 3)
        let connectionRows = max(3, rest / 5)
        let eventRows = max(3, rest / 6)
        connections = Rect(x: 0, y: 1, width: width, height: 1 + connectionRows)
        events = Rect(x: 0, y: composer.y - 1 - eventRows, width: width, height: 1 + eventRows)
        let middleTop = connections.y + connections.height
        let middleHeight = max(0, events.y - middleTop)
        if width >= 120 {
            // Room for 32 bytes a dump row (offsets up to 8 hex digits) from 200 columns, else 16.
            let dumpWidth = width >= 200 ? DumpLines.rowWidth(bytesPerRow: 32, offsetDigits: 8) : 74
            dump = Rect(x: 0, y: middleTop, width: dumpWidth, height: middleHeight)
            decoded = Rect(x: dumpWidth + 1, y: middleTop, width: width - dumpWidth - 1, height: middleHeight)
        } else {
            let dumpHeight = middleHeight / 2 + 1
            dump = Rect(x: 0, y: middleTop, width: width, height: dumpHeight)
            decoded = Rect(x: 0, y: middleTop + dumpHeight, width: width, height: middleHeight - dumpHeight)
        }
        if let zoom = self.zoom {
            let all = Rect(x: 0, y: 1, width: width, height: composer.y - 1)
            let none = Rect(x: 0, y: 1, width: 0, height: 0)
            connections = zoom == .connections ? all : none
            dump = zoom == .dump ? all : none
            decoded = zoom == .decoded ? all : none
            events = zoom == .events ? all : none
        }
    }

    public func rect(of pane: Pane) -> Rect {
        switch pane {
        case .composer: return composer
        case .connections: return connections
        case .dump: return dump
        case .decoded: return decoded
        case .events: return events
        }
    }

    /// The pane under a cell, for mouse clicks.
    public func pane(atX x: Int, y: Int) -> Pane? {
        Pane.allCases.first { rect(of: $0).contains(x: x, y: y) }
    }
}
