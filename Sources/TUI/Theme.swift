import FrameCore

/// Every style the screen uses, for one `ThemeName`. Without colours (the mono theme, NO_COLOR,
/// a monochrome terminal) styles use attributes alone, and the frame parts stay distinguishable
/// (reverse, underline, plain). The projector theme uses vivid colours and bold text and never
/// dims anything.
public struct Theme: Sendable {
    public let name: ThemeName
    /// False: attributes only.
    public let colors: Bool

    public init(_ name: ThemeName = .default, colors: Bool) {
        self.name = name
        self.colors = colors && name != .mono
    }

    /// The theme the state asks for, as far as the terminal can show it.
    public init(_ state: TUIState) {
        self.init(state.theme, colors: state.colors)
    }

    private var projector: Bool { name == .projector }

    /// A foreground colour, vivid and bold on a projector.
    private func ink(_ basic: TermColor, _ vivid: TermColor, bold: Bool = false) -> CellStyle {
        projector ? CellStyle(foreground: vivid, bold: true) : CellStyle(foreground: basic, bold: bold)
    }

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
        case .protoHeader: return ink(.magenta, .vividMagenta, bold: true)
        case .jsonHeader: return ink(.cyan, .vividCyan)
        case .content: return direction == .out ? ink(.green, .vividGreen) : ink(.yellow, .vividYellow)
        case .unparsed: return ink(.red, .vividRed, bold: true)
        }
    }

    public func direction(_ direction: SessionEvent.Direction) -> CellStyle {
        guard colors else { return CellStyle(bold: true) }
        return direction == .out ? ink(.green, .vividGreen, bold: true) : ink(.yellow, .vividYellow, bold: true)
    }

    public var title: CellStyle {
        guard colors else { return CellStyle(reverse: true) }
        return CellStyle(foreground: projector ? .brightWhite : .white, background: .blue, bold: true)
    }
    public func header(focused: Bool) -> CellStyle {
        focused ? (colors ? CellStyle(foreground: .black, background: projector ? .vividCyan : .cyan, bold: true) : CellStyle(bold: true, reverse: true))
            : CellStyle(bold: true, underline: !colors)
    }
    public var selectedRow: CellStyle { CellStyle(bold: projector, reverse: true) }
    public var highlight: CellStyle { CellStyle(bold: true, underline: true, reverse: true) }
    public var error: CellStyle { colors ? ink(.red, .vividRed, bold: true) : CellStyle(bold: true) }
    /// Secondary text (timestamps, hints, closed rows): dim, except on a projector, where dim
    /// text cannot be read at all.
    public var dim: CellStyle { projector ? .plain : CellStyle(dim: true) }
    public var emphasis: CellStyle { CellStyle(bold: true) }
    public var status: CellStyle {
        colors ? CellStyle(foreground: .black, background: projector ? .brightWhite : .white, bold: projector) : CellStyle(reverse: true)
    }
    /// The status bar's transient message, set apart from the key list beside it.
    public var statusMessage: CellStyle {
        colors ? CellStyle(foreground: .blue, background: projector ? .brightWhite : .white, bold: true) : CellStyle(bold: true, reverse: true)
    }
    public var notice: CellStyle { colors ? ink(.yellow, .vividYellow, bold: true) : CellStyle(bold: true) }
}
