import ArgumentParser
import Inspector

/// How much a TUI session keeps in memory, each with a stated maximum.
struct TUILimitOptions: ParsableArguments {
    @Option(help: DumpBytes.help("Bytes kept per connection and direction for the dump.", default: InspectorLimits().bytesPerStream),
            transform: DumpBytes.parse)
    var maxDumpBytes = DumpBytes(InspectorLimits().bytesPerStream)

    @Option(help: EventCount.help("Event-log lines kept.", default: InspectorLimits().events), transform: EventCount.parse)
    var maxEvents = EventCount(InspectorLimits().events)

    var inspectorLimits: InspectorLimits {
        var limits = InspectorLimits()
        limits.bytesPerStream = maxDumpBytes.value
        limits.events = maxEvents.value
        return limits
    }
}
