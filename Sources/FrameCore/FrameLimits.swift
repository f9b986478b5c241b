/// Caps on every length the decoder accepts.
///
/// The tutorial's server has none, so one client declaring a 4 GiB content-length makes it buffer
/// without end. Every length read off the wire is checked against these before any byte of that
/// part is buffered.
public struct FrameLimits: Sendable, Equatable {
    /// Largest JSON header accepted; the proto-header cannot express more than 65,535 anyway.
    public var maxHeaderLength: Int
    /// Largest `content-length` accepted.
    public var maxContentLength: Int
    /// Deepest nesting of JSON arrays and objects, so a header of 65,535 `[` cannot exhaust the stack.
    public var maxJSONDepth: Int

    public init(maxHeaderLength: Int = 65_535, maxContentLength: Int = 16 * 1024 * 1024, maxJSONDepth: Int = 64) {
        self.maxHeaderLength = maxHeaderLength
        self.maxContentLength = maxContentLength
        self.maxJSONDepth = maxJSONDepth
    }

    public static let `default` = FrameLimits()
}
