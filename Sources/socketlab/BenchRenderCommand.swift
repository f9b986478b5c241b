import ArgumentParser
import TUI

/// `socketlab bench render`
struct BenchRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "TUI render benchmark: ms per frame with every ring full (256 connections × 64 KiB a direction, 2,000 events)."
    )

    @Option(help: FrameSamples.help("Frames rendered per measurement.", default: 200), transform: FrameSamples.parse)
    var samples = FrameSamples(200)

    func run() throws {
        let results = RenderBenchmark.run(samples: samples.value)
        Console.out("  median ms     max ms   what")
        for r in results {
            let cells = [Self.milliseconds(r.medianMilliseconds), Self.milliseconds(r.maxMilliseconds)]
            Console.out(cells.map { String(repeating: " ", count: max(0, 9 - $0.count)) + $0 }.joined(separator: "  ") + "   " + r.name)
        }
    }

    /// Three decimals without Foundation's formatting.
    static func milliseconds(_ value: Double) -> String {
        let micro = Int((value * 1000).rounded())
        let fraction = String(micro % 1000)
        return "\(micro / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
