/// How a client puts its request on the wire: all at once (the tutorial), or in chunks of
/// `chunkSize` bytes `delay` apart so an audience can watch partial reads and a waiting decoder.
public struct SendPlan: Sendable, Equatable {
    public var chunkSize: Int?
    public var delay: Duration

    public init(chunkSize: Int? = nil, delay: Duration = .zero) {
        self.chunkSize = chunkSize
        self.delay = delay
    }

    public static let whole = SendPlan()

    /// A chunk's place in words, counted from 1 as people do: "byte 27 of 146",
    /// "bytes 11–20 of 146" (not `26..<27`).
    public static func describe(_ chunk: Range<Int>, of total: Int) -> String {
        chunk.count == 1 ? "byte \(chunk.upperBound) of \(total)" : "bytes \(chunk.lowerBound + 1)–\(chunk.upperBound) of \(total)"
    }
}
