import ArgumentParser
import Capture
import FrameCore
import Peers
import Recorder

/// `--record FILE` and `--record-limit BYTES`, shared by every live subcommand.
struct RecordOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Record the session to FILE: JSON Lines if it ends in .jsonl, pcap if .pcap.", valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("Stop recording (never the session) before the file passes this many bytes (\(RecordBytesBounds.rangeText); 100 MiB by default).",
                               valueName: "bytes"), transform: RecordBytes.parse)
    var recordLimit = RecordBytes(SessionRecorder.defaultLimit)

    func validate() throws {
        if let record, CaptureFormat(path: record)?.isWritable != true {
            throw ValidationError(RecorderError.unknownExtension(record).description)
        }
    }

    /// Starts recording when asked: every event `sink` emits goes to the file. A recording that
    /// stops on its own (limit, disk) says so on stderr; the session carries on.
    func start(on sink: SessionSink) throws -> SessionRecorder? {
        guard let recorder = try makeRecorder(onStop: { reason in Console.err(PythonRepr.escaped(reason)) }) else { return nil }
        sink.emitsLogs = recorder.format == .jsonl
        sink.emit = { recorder.record($0) }
        return recorder
    }

    /// The recorder `--record` asks for, or nil; `onStop` hears a recording that stops on its own.
    func makeRecorder(onStop: @escaping @Sendable (String) -> Void = { _ in }) throws -> SessionRecorder? {
        guard let record else { return nil }
        do {
            return try SessionRecorder(path: record, limit: recordLimit.value, onStop: onStop)
        } catch {
            throw CommandFailure(message: "\(error)")
        }
    }

    /// Flushes and closes; says how much was recorded (the file's name escaped: the user typed it,
    /// and a name holding ESC or BEL must not rewrite the terminal it is echoed to).
    static func finish(_ recorder: SessionRecorder?) {
        guard let recorder else { return }
        let status = recorder.stop()
        Console.err(PythonRepr.escaped("recorded \(RecorderStatus.size(status.bytesWritten)) to \(status.path)"))
    }
}

