import FrameCore

/// A small deterministic PRNG so property tests are reproducible from their seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Feeds `chunks` one after another and collects every message, the way a connection would.
func decodeAll(_ chunks: [[UInt8]], limits: FrameLimits = .default) throws(FrameError) -> [Message] {
    var decoder = FrameDecoder(limits: limits)
    var messages: [Message] = []
    for chunk in chunks {
        decoder.feed(chunk)
        while let message = try decoder.next() { messages.append(message) }
    }
    return messages
}

/// Frames an arbitrary JSON header text and content, for malformed-input tests.
func rawFrame(header: String, content: [UInt8] = []) -> [UInt8] {
    let h = Array(header.utf8)
    return [UInt8(h.count >> 8), UInt8(h.count & 0xFF)] + h + content
}

let morpheusBig: [UInt8] = Array("\u{00}d{\"byteorder\": \"big\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 41}{\"action\": \"search\", \"value\": \"morpheus\"}".utf8)
