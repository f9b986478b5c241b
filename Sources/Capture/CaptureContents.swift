import FrameCore

/// The events read from a file, and — when the file held more than `CaptureLimits.replayBudget`
/// lets us keep — where reading stopped. Why a cut and not an error: a user replaying a huge real
/// capture wants to see it, and its beginning is the part that explains the rest; the cut is
/// always said (on the terminal and as the last event), never silent.
public struct CaptureContents: Sendable {
    public var events: [SessionEvent]
    public var cut: Cut?

    public init(events: [SessionEvent], cut: Cut? = nil) {
        self.events = events
        self.cut = cut
    }

    /// Where the file was cut: the events kept are everything before `offset`, in order.
    public struct Cut: Sendable, Equatable, CustomStringConvertible {
        /// Events kept (all of them from the start of the file).
        public var keptEvents: Int
        /// The byte of the file where the left-out part starts.
        public var offset: Int
        public var fileSize: Int
        public var budget: Int

        public init(keptEvents: Int, offset: Int, fileSize: Int, budget: Int) {
            self.keptEvents = keptEvents
            self.offset = offset
            self.fileSize = fileSize
            self.budget = budget
        }

        public var description: String {
            let percent = fileSize > 0 ? offset * 100 / fileSize : 0
            return "replaying the first \(keptEvents) events, read from the first \(offset) of \(fileSize) bytes "
                + "(\(percent)%); the rest exceeds the \(Self.size(budget)) replay budget "
                + "(payload bytes + \(ReplayBudget.eventOverhead) bytes per event)"
        }

        private static func size(_ bytes: Int) -> String {
            bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes)-byte"
        }
    }
}
