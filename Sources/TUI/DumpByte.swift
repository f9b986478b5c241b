import FrameCore

/// One byte of a dump with the frame part it belongs to, fixed when it arrives. Two bytes of
/// memory each: the dump rings hold tens of thousands per connection.
public struct DumpByte: Equatable, Sendable {
    public var value: UInt8
    public var part: FramePart
}
