import Capture
import FrameCore
import Glibc
import Recorder
import Synchronization
import Testing

@Suite struct SessionRecorderTests {
    static func temporaryPath(_ name: String) -> String {
        "/tmp/socketlab-recorder-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
    }

    static func session(connections: Int, payload: Int = 100) -> [SessionEvent] {
        var events: [SessionEvent] = []
        for id in 1...connections {
            let t = Double(id)
            events += [
                SessionEvent(time: t, connection: id, kind: .opened(side: .server, peer: "127.0.0.1:\(40000 + id)", local: "127.0.0.1:65432")),
                SessionEvent(time: t + 0.1, connection: id, kind: .bytes(.in, Array(repeating: UInt8(id & 0xFF), count: payload))),
                SessionEvent(time: t + 0.2, connection: id, kind: .log("received request \(id)")),
                SessionEvent(time: t + 0.3, connection: id, kind: .closed(reason: "response sent")),
            ]
        }
        return events
    }

    @Test(arguments: ["session.jsonl", "session.pcap"])
    func everythingQueuedIsOnDiskAfterStop(name: String) throws {
        let path = Self.temporaryPath(name)
        defer { unlink(path) }
        let recorder = try SessionRecorder(path: path)
        let events = Self.session(connections: 200)
        for event in events { recorder.record(event) }
        let status = recorder.stop()
        #expect(status.stoppedBecause == nil)
        let file = try CaptureFile.read(path)
        #expect(status.bytesWritten == file.count)
        let read = try CaptureReader.events(file)
        let bytesIn = read.reduce(0) { n, e in if case let .bytes(_, b) = e.kind { return n + b.count } else { return n } }
        #expect(bytesIn == 200 * 100)
        if name.hasSuffix(".jsonl") { #expect(read == events) }
    }

    @Test func theLimitStopsTheRecordingWithAMessageAndKeepsTheFileWhole() throws {
        let path = Self.temporaryPath("limited.jsonl")
        defer { unlink(path) }
        let messages = Mutex<[String]>([])
        let recorder = try SessionRecorder(path: path, limit: 10_000) { reason in messages.withLock { $0.append(reason) } }
        for event in Self.session(connections: 100) { recorder.record(event) }
        let status = recorder.stop()
        let file = try CaptureFile.read(path)
        #expect(file.count <= 10_000)
        #expect(status.bytesWritten == file.count)
        #expect(messages.withLock { $0 } == ["recording stopped: \(status.name) reached the limit of 9.8 KiB (--record-limit)"])
        #expect(status.stoppedBecause == messages.withLock { $0.first })
        // Every line that made it is whole and reads back.
        #expect(file.last == UInt8(ascii: "\n"))
        #expect(try !JSONLinesReader.read(file).isEmpty)
        // Later events are ignored, not queued.
        recorder.record(Self.session(connections: 1)[0])
        #expect(recorder.currentStatus.bytesWritten == file.count)
    }

    @Test func anUnknownExtensionOrAnUnwritablePathIsRefusedUpFront() {
        #expect(throws: RecorderError.unknownExtension("/tmp/x.txt")) { try SessionRecorder(path: "/tmp/x.txt") }
        #expect(throws: RecorderError.cannotOpen(path: "/nonexistent-dir/x.pcap", reason: "No such file or directory")) {
            try SessionRecorder(path: "/nonexistent-dir/x.pcap")
        }
    }

    @Test func badgeAndSizes() {
        #expect(RecorderStatus(name: "demo.pcap", path: "/tmp/demo.pcap", bytesWritten: 12_595).badge == "● REC demo.pcap 12.3 KiB")
        #expect(RecorderStatus.size(512) == "512 B")
        #expect(RecorderStatus.size(100 * 1024 * 1024) == "100.0 MiB")
    }

    @Test func captureFileRefusesDirectoriesAndFilesOverTheCap() throws {
        #expect(throws: RecorderError.cannotOpen(path: "/tmp", reason: "not a regular file")) { try CaptureFile.read("/tmp") }
        let path = Self.temporaryPath("big.jsonl")
        defer { unlink(path) }
        let recorder = try SessionRecorder(path: path)
        recorder.record(Self.session(connections: 1)[1])
        recorder.stop()
        let size = try CaptureFile.read(path).count
        #expect(size > 100)
        #expect(throws: RecorderError.tooLarge(path: path, size: size, limit: 100)) { try CaptureFile.read(path, maxSize: 100) }
    }
}
