import FrameCore

/// Something that turns a stream of `SessionEvent`s into the bytes of a file, incrementally: the
/// recorder calls `begin()` once, `encode(_:)` per event and writes what they return, so a file
/// cut short by a limit or a crash is still readable up to its last whole record.
public protocol CaptureEncoder {
    /// The file's first bytes (a format line, a pcap global header).
    mutating func begin() -> [UInt8]
    /// The bytes this event adds; empty when it adds none (e.g. a log line to a pcap).
    mutating func encode(_ event: SessionEvent) -> [UInt8]
}
