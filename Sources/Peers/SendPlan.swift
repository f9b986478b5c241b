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
}
