import ArgumentParser
import TUI

/// How much a TUI session keeps in memory, each with a stated maximum.
struct TUILimitOptions: ParsableArguments {
    @Option(help: DumpBytes.help("Bytes kept per connection and direction for the dump.", default: TUILimits().bytesPerStream),
            transform: DumpBytes.parse)
    var maxDumpBytes = DumpBytes(TUILimits().bytesPerStream)

    @Option(help: EventCount.help("Event-log lines kept.", default: TUILimits().events), transform: EventCount.parse)
    var maxEvents = EventCount(TUILimits().events)

    var tuiLimits: TUILimits {
        var limits = TUILimits()
        limits.bytesPerStream = maxDumpBytes.value
        limits.events = maxEvents.value
        return limits
    }
}
