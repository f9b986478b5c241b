import FrameCore

/// Every style the screen uses, in colour or, for `NO_COLOR` and monochrome terminals, in
/// attributes alone: the frame parts stay distinguishable either way (reverse, underline, plain).
public struct Theme: Sendable {
    public let colors: Bool

    public init(colors: Bool) { self.colors = colors }

    public func part(_ part: FramePart, _ direction: SessionEvent.Direction) -> CellStyle {
        guard colors else {
            switch part {
            case .protoHeader: return CellStyle(reverse: true)
            case .jsonHeader: return CellStyle(underline: true)
            case .content: return .plain
            case .unparsed: return CellStyle(bold: true)
            }
        }
        switch part {
        case .protoHeader: return CellStyle(foreground: .magenta, bold: true)
        case .jsonHeader: return CellStyle(foreground: .cyan)
        case .content: return CellStyle(foreground: direction == .out ? .green : .yellow)
        case .unparsed: return CellStyle(foreground: .red, bold: true)
        }
    }

    public func direction(_ direction: SessionEvent.Direction) -> CellStyle {
        colors ? CellStyle(foreground: direction == .out ? .green : .yellow, bold: true) : CellStyle(bold: true)
    }

    public var title: CellStyle { colors ? CellStyle(foreground: .white, background: .blue, bold: true) : CellStyle(reverse: true) }
    public func header(focused: Bool) -> CellStyle {
        focused ? (colors ? CellStyle(foreground: .black, background: .cyan, bold: true) : CellStyle(bold: true, reverse: true))
            : CellStyle(bold: true, underline: !colors)
    }
    public var selectedRow: CellStyle { CellStyle(reverse: true) }
    public var highlight: CellStyle { CellStyle(bold: true, underline: true, reverse: true) }
    public var error: CellStyle { colors ? CellStyle(foreground: .red, bold: true) : CellStyle(bold: true) }
    public var dim: CellStyle { CellStyle(dim: true) }
    public var emphasis: CellStyle { CellStyle(bold: true) }
    public var status: CellStyle { colors ? CellStyle(foreground: .black, background: .white) : CellStyle(reverse: true) }
    /// The status bar's transient message, set apart from the key list beside it.
    public var statusMessage: CellStyle {
        colors ? CellStyle(foreground: .blue, background: .white, bold: true) : CellStyle(bold: true, reverse: true)
    }
    public var notice: CellStyle { colors ? CellStyle(foreground: .yellow, bold: true) : CellStyle(bold: true) }
}
