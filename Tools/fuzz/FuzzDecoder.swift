// libFuzzer entry point for the frame decoder; compiled together with Sources/FrameCore/*.swift
// (one module, so no `import FrameCore`) by Tools/fuzz/run.sh:
//
//   swiftc -sanitize=fuzzer,address -parse-as-library -O Sources/FrameCore/*.swift Tools/fuzz/FuzzDecoder.swift
//
// Input layout: byte 0 picks the limits, byte 1 seeds the splitter, the rest is the stream.
// Oracles (a failure is a crash libFuzzer keeps):
//   - the decoder never crashes, hangs or overflows, fed in any split;
//   - a split feed gives exactly the same messages and the same error as the whole stream at once;
//   - `next(feeding:)` (decoding straight from the bytes read when nothing is buffered) and
//     `nextInPlace(feeding:)` (leaving such a message in them) give what `feed` + `next()` give: the
//     same messages, error, spans, progress and counts after every piece; a message left in place
//     gets the same `replyFrame` as the message copied out;
//   - every decoded message re-encodes to exactly the bytes it was decoded from;
//   - with a content window, the same messages with their content cut to the window, and the
//     decoder never buffers more than the window plus one piece, whatever length is declared;
//   - `progress`, `buffered`, `bytesReceived` and `finish()` stay consistent;
//   - `AppResponder.reply` and `describe` either answer or throw a FrameError for every message;
//   - the server's fast paths agree with the general ones: `JSONHeader.readFlat` (on every
//     message's header and on the raw input) answers nil or exactly what `parseTree` gives, its
//     canonical-form path (`readCanonical`) nil or exactly what its member loop gives, and
//     `AppResponder.replyFrame` is `reply(to:).encoded`, the same error when it throws;
//   - no text meant for a person (error sentences, `PythonRepr.escaped`/`string` of any content or
//     header) holds a non-printable character, and escaping is idempotent.

/// What one decoding run saw: the messages, the error (if any) and whether the end was clean.
private struct Outcome: Equatable {
    var messages: [Message] = []
    var error: FrameError?
    var finishError: FrameError?
    /// What the decoder showed after each piece (compared only between the direct and buffered paths).
    var trace: [String] = []

    static func == (a: Outcome, b: Outcome) -> Bool {
        a.messages == b.messages && a.error == b.error && a.finishError == b.finishError
    }
}

/// A tiny deterministic generator for split sizes.
private struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz oracle failed: \(message())") }
}

/// Text for a person: nothing a terminal would act on, and stable under escaping again.
private func checkSafe(_ text: String) {
    check(text.unicodeScalars.allSatisfy { PythonRepr.isPrintable($0) || $0 == " " }, "raw control in \(text.debugDescription)")
    check(PythonRepr.escaped(text) == text, "escaping is not idempotent on \(text.debugDescription)")
}

private enum Path { case buffered, direct, inPlace }

private func decode(_ stream: ArraySlice<UInt8>, limits: FrameLimits, splitSeed: UInt8?, window: Int = .max, path: Path = .buffered) -> Outcome {
    var decoder = FrameDecoder(limits: limits, recordsSpans: splitSeed.map { $0 & 1 == 1 } ?? false, contentWindow: window == .max ? nil : window)
    var outcome = Outcome()
    var rng = SplitMix(state: UInt64(splitSeed ?? 0) &+ 1)
    var offset = stream.startIndex
    var fed = 0
    var spanEnd = 0
    func drain(_ decoder: inout FrameDecoder, feeding piece: ArraySlice<UInt8>? = nil) {
        var piece = piece
        while outcome.error == nil {
            do {
                let next: Message?
                if let bytes = piece, path == .inPlace {
                    piece = nil
                    next = try bytes.withUnsafeBytes { raw in
                        Result { () throws(FrameError) in
                            guard let received = try decoder.nextInPlace(feeding: raw) else { return nil }
                            let message = received.message
                            let inPlace = Result { () throws(FrameError) in try AppResponder.replyFrame(to: received, limits: limits) }
                            let copied = Result { () throws(FrameError) in try AppResponder.replyFrame(to: message, limits: limits) }
                            check(inPlace == copied, "replyFrame in place differs: \(inPlace) vs \(copied)")
                            return message
                        }
                    }.get()
                } else if let bytes = piece {
                    piece = nil
                    next = try bytes.withUnsafeBytes { raw in Result { () throws(FrameError) in try decoder.next(feeding: raw) } }.get()
                } else {
                    next = try decoder.next()
                }
                guard let message = next else { break }
                outcome.messages.append(message)
            } catch {
                outcome.error = error
            }
        }
        check(decoder.bytesReceived == fed, "bytesReceived \(decoder.bytesReceived) != fed \(fed)")
        if let progress = decoder.progress {
            check(progress.have >= 0 && progress.have <= progress.need, "progress \(progress)")
            check(window != .max || progress.have <= decoder.buffered, "progress.have \(progress.have) > buffered \(decoder.buffered)")
            check(progress.have == 0 || window != .max || decoder.pendingSpan?.range.upperBound == decoder.bytesReceived,
                  "the part being read does not end at the last byte fed: \(String(describing: decoder.pendingSpan)), \(decoder.bytesReceived)")
            check(decoder.failure == nil, "progress after a failure")
        } else {
            check(decoder.failure != nil, "no progress but no failure")
        }
        let spans = decoder.takeSpans()
        for span in spans {
            check(span.range.lowerBound == spanEnd, "span \(span) does not follow \(spanEnd)")
            spanEnd = span.range.upperBound
        }
        outcome.trace.append("\(outcome.messages.count) \(String(describing: outcome.error)) \(spans) \(String(describing: decoder.pendingSpan)) "
            + "\(String(describing: decoder.progress)) \(decoder.bytesReceived) \(decoder.buffered) \(decoder.messagesDecoded)")
    }
    while offset < stream.endIndex {
        let size: Int
        if splitSeed == nil {
            size = stream.endIndex - offset
        } else {
            // Mostly small pieces (1...8 bytes), sometimes big ones, so every boundary gets hit.
            let r = rng.next()
            size = r & 3 == 0 ? Int(r >> 8 % 4096) + 1 : Int(r >> 8 % 8) + 1
        }
        let end = min(stream.endIndex, offset + size)
        fed += end - offset
        if path != .buffered, outcome.error == nil {
            drain(&decoder, feeding: stream[offset..<end])
        } else {
            decoder.feed(stream[offset..<end])
            drain(&decoder)
        }
        offset = end
        if window != .max, case .content? = decoder.progress?.part {
            check(decoder.buffered <= window + size, "windowed decoder buffers \(decoder.buffered) > \(window) + \(size)")
        }
    }
    drain(&decoder)
    do {
        try decoder.finish()
    } catch {
        outcome.finishError = error
    }
    check(decoder.messagesDecoded == outcome.messages.count, "messagesDecoded mismatch")
    return outcome
}

/// `readFlat` answers nil or exactly the header (members, spans and all) `parseTree` gives.
private func checkFlatHeader(_ bytes: [UInt8], limits: FrameLimits) {
    if let canonical = JSONHeader.readCanonical(bytes, limits: limits) {
        let members = JSONHeader.readMembers(bytes, limits: limits)
        check(members == canonical, "readCanonical gives \(canonical), readMembers \(String(describing: members))")
    }
    guard let fast = JSONHeader.readFlat(bytes, limits: limits) else { return }
    let tree = Result { () throws(FrameError) in try JSONHeader.parseTree(bytes, limits: limits) }
    check(tree == .success(fast), "readFlat gives \(fast), parseTree \(tree)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 2 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let control = input[0]
    let splitSeed = input[1]
    let stream = input[2...]
    // Limits: the defaults, or small ones so the limit paths are reached with short inputs.
    let limits: FrameLimits
    switch control & 3 {
    case 0: limits = .default
    case 1: limits = FrameLimits(maxHeaderLength: 64 + Int(control >> 2), maxContentLength: Int(control >> 2), maxJSONDepth: 4)
    case 2: limits = control & 4 == 0 ? FrameLimits(maxContentLength: 0) : FrameLimits(maxContentLength: .max)
    default: limits = FrameLimits(maxHeaderLength: 65_535, maxContentLength: 1 << Int(control >> 3 & 31), maxJSONDepth: 1 + Int(control >> 5))
    }

    // The raw input as a JSON header: reaches the flat reader's corners faster than whole frames.
    checkFlatHeader(Array(stream), limits: limits)

    let whole = decode(stream, limits: limits, splitSeed: nil)
    let split = decode(stream, limits: limits, splitSeed: splitSeed)
    check(whole == split, "split decoding differs from whole decoding: \(whole) vs \(split)")
    check(whole.error == whole.finishError || whole.error == nil, "finish() disagrees with next(): \(whole)")
    for path in [Path.direct, .inPlace] {
        let direct = decode(stream, limits: limits, splitSeed: splitSeed, path: path)
        check(direct == split && direct.trace == split.trace, "\(path) differs from feed + next(): \(direct) vs \(split)")
        let directWhole = decode(stream, limits: limits, splitSeed: nil, path: path)
        check(directWhole == whole && directWhole.trace == whole.trace, "\(path) differs on the whole stream: \(directWhole) vs \(whole)")
    }

    // A content window changes what is kept, never what is decoded or which error ends the stream.
    let window = Int(splitSeed >> 3)
    let windowed = decode(stream, limits: limits, splitSeed: splitSeed, window: window)
    check(windowed.error == whole.error && windowed.finishError == whole.finishError, "windowed error differs: \(windowed) vs \(whole)")
    check(windowed.messages.count == whole.messages.count, "windowed message count differs")
    for (cut, full) in zip(windowed.messages, whole.messages) {
        check(cut.headerBytes == full.headerBytes, "windowed header differs")
        check(cut.content.elementsEqual(full.content.prefix(window)), "windowed content is not the prefix")
        check(cut.omittedContentBytes == full.content.count - cut.content.count, "omitted bytes miscounted")
    }

    // Every message re-encodes to the bytes it came from, in order.
    var position = stream.startIndex
    for message in whole.messages {
        let encoded = message.encoded
        check(position + encoded.count <= stream.endIndex, "message longer than the stream")
        check(stream[position..<position + encoded.count].elementsEqual(encoded), "message does not re-encode to its bytes")
        check(message.content.count == message.header.contentLength, "content length mismatch")
        check(message.content.count <= limits.maxContentLength, "content above the limit")
        check(message.headerBytes.count <= limits.maxHeaderLength && !message.headerBytes.isEmpty, "header length out of bounds")
        position += encoded.count

        // The server's side: a reply or a FrameError, never a crash; the log line too.
        checkSafe(PythonRepr.escaped(AppResponder.describe(message)))
        checkSafe(PythonRepr.escaped(String(decoding: message.headerBytes, as: UTF8.self)))
        let text = String(decoding: message.content, as: UTF8.self)
        checkSafe(PythonRepr.escaped(text, maxBytes: 64))
        checkSafe(PythonRepr.string(text))
        checkSafe(PythonRepr.bytes(message.content))
        // The fast paths against the general ones.
        checkFlatHeader(message.headerBytes, limits: limits)
        let frame = Result { () throws(FrameError) in try AppResponder.replyFrame(to: message, limits: limits) }
        let reference = Result { () throws(FrameError) in try AppResponder.reply(to: message, limits: limits).encoded }
        check(frame == reference, "replyFrame differs from reply(to:).encoded: \(frame) vs \(reference)")
        do {
            let reply = try AppResponder.reply(to: message, limits: limits)
            // A reply must decode back to itself.
            var back = FrameDecoder()
            back.feed(reply.encoded)
            let again = try back.next()
            check(again == reply, "reply does not decode to itself")
            _ = PythonRepr.bytes(reply.content)
        } catch {
            checkSafe(error.description)
        }
    }
    if let error = whole.error { checkSafe(error.description) }
    return 0
}
