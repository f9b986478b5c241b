import FrameCore
import Reactor

/// The decoder micro-benchmark: one message of each size fed in fixed-size pieces, as a socket
/// would deliver it. Linear decoding shows as the same MB/s for every size; the tutorial's
/// `buf += data` would fall with size.
public enum DecodeBenchmark {
    public struct Result: Sendable {
        public var messageBytes: Int
        /// The best of the runs.
        public var seconds: Double
        /// The first run, into memory fresh from the kernel (page faults included).
        public var firstSeconds: Double
        public var megabytesPerSecond: Double { Double(messageBytes) / seconds / 1e6 }
        /// Nanoseconds per byte decoded.
        public var nanosecondsPerByte: Double { seconds * 1e9 / Double(messageBytes) }
    }

    /// Best of `repeats` runs for each size in `sizes` (content bytes), fed `pieceSize` bytes at a time.
    public static func run(sizes: [Int] = [1 << 20, 16 << 20, 64 << 20], pieceSize: Int = 4096, repeats: Int = 3) -> [Result] {
        sizes.map { size in
            let frame = LoadRequest.sized(size).bytes
            var best = Double.infinity
            var first = 0.0
            for run in 0..<max(1, repeats) {
                let start = MonotonicInstant.now()
                let decoded = decode(frame, pieceSize: pieceSize)
                let elapsed = (MonotonicInstant.now() - start).inSeconds
                precondition(decoded == size, "the decoder returned \(decoded) content bytes, expected \(size)")
                best = min(best, elapsed)
                if run == 0 { first = elapsed }
            }
            return Result(messageBytes: frame.count, seconds: best, firstSeconds: first)
        }
    }

    /// Feeds `frame` in pieces and returns the content size of the message decoded.
    private static func decode(_ frame: [UInt8], pieceSize: Int) -> Int {
        var decoder = FrameDecoder(limits: FrameLimits(maxContentLength: Int.max / 2))
        var offset = 0
        var result = -1
        frame.withUnsafeBytes { bytes in
            while offset < bytes.count {
                let end = min(bytes.count, offset + pieceSize)
                decoder.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
                offset = end
                if let message = try? decoder.next() {
                    result = message.content.count
                }
            }
        }
        return result
    }
}
