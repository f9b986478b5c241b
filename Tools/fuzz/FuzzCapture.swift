// libFuzzer entry point for the capture readers (pcap, pcapng, JSON Lines, TCP reassembly);
// compiled together with Sources/FrameCore/*.swift and Sources/Capture/*.swift as one module
// (so no imports) by `Tools/fuzz/run.sh capture`:
//
//   swiftc -sanitize=fuzzer,address -parse-as-library -O Sources/FrameCore/*.swift Sources/Capture/*.swift Tools/fuzz/FuzzCapture.swift
//
// Oracles (a failure is a crash libFuzzer keeps):
//   - no input crashes, hangs or allocates beyond our limits (a file's declared lengths never size anything);
//   - whatever events a file gives, JSON Lines writes them and reads them back identical;
//   - written as pcap and read back, every connection's bytes each way are the same.

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz oracle failed: \(message())") }
}

private func streams(_ events: [SessionEvent]) -> [String: [UInt8]] {
    var out: [String: [UInt8]] = [:]
    for event in events {
        if let id = event.connection, case let .bytes(direction, bytes) = event.kind {
            out["\(id) \(direction.rawValue)", default: []] += bytes
        }
    }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapture(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = CaptureLimits(maxEvents: 10_000, maxPacketLength: 70_000, maxPendingSegments: 16)
    guard let events = try? CaptureReader.events(input, limits: limits) else { return 0 }

    var jsonl = JSONLinesWriter()
    var file = jsonl.begin()
    for event in events { file += jsonl.encode(event) }
    let back: [SessionEvent]
    do {
        back = try JSONLinesReader.read(file)
    } catch {
        fatalError("fuzz oracle failed: our own JSON Lines did not read back: \(error)")
    }
    check(back == events, "JSON Lines round trip changed the events")

    // Streams read from pcap are all complete client connections with real addresses.
    if CaptureFormat.detect(input) != .jsonl {
        var pcap = PcapWriter()
        var written = pcap.begin()
        for event in events { written += pcap.encode(event) }
        let reread = (try? CaptureReader.events(written)) ?? []
        check(streams(reread) == streams(events), "pcap round trip changed the bytes")
    }
    return 0
}
