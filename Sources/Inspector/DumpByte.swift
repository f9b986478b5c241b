import FrameCore

/// One byte of a dump with the frame part and message it belongs to, fixed when it arrives.
public struct DumpByte: Equatable, Sendable {
    public var value: UInt8
    public var part: FramePart
    public var message: Int
}
