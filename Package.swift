// swift-tools-version: 6.0
// SocketLab: a selector-driven workbench for the "sockets with selectors" protocol.
// Dependencies point one way (see DECISIONS.md): socketlab → CursesUI → TUI → FrameCore,
// socketlab → Peers → FrameCore + Reactor. FrameCore and TUI are pure: they depend on no
// target that imports Glibc or ncurses, which this graph enforces.
import PackageDescription

let package = Package(
    name: "SocketLab",
    products: [
        .executable(name: "socketlab", targets: ["socketlab"]),
        .library(name: "FrameCore", targets: ["FrameCore"]),
        .library(name: "Reactor", targets: ["Reactor"]),
        .library(name: "Peers", targets: ["Peers"]),
        .library(name: "Capture", targets: ["Capture"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNCurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "FrameCore",
            dependencies: []
        ),
        .target(name: "CReactorShims"),
        .target(
            name: "Reactor",
            dependencies: [
                "CReactorShims",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "Peers",
            dependencies: [
                "FrameCore", "Reactor",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // Recording and capture files as pure bytes: JSON Lines and pcap out, JSON Lines, pcap and
        // pcapng in (TCP reassembled). File I/O and the writer thread live at the edge.
        .target(name: "Capture", dependencies: ["FrameCore"]),
        // The edge of recording: the writer thread and file I/O (Glibc), fed SessionEvents.
        .target(name: "Recorder", dependencies: ["Capture", "FrameCore"]),
        .target(
            name: "TUI",
            dependencies: [
                "FrameCore",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // Puts the terminal back on a crash or kill while curses owns it: C, for the signal handlers.
        .target(name: "CTerminalGuard", dependencies: ["CNCurses"]),
        .target(
            name: "CursesUI",
            dependencies: ["CNCurses", "CTerminalGuard", "TUI"]
        ),
        .executableTarget(
            name: "socketlab",
            dependencies: [
                "FrameCore", "Reactor", "Peers", "TUI", "CursesUI", "Capture", "Recorder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The guided tour's script: data, so it can be edited or translated without code.
            resources: [.copy("Resources/tour.json")]
        ),
        // The loopback harness both server test targets share: an in-process server, raw client
        // sockets, fake servers, /proc probes, log capture and hand-written frames.
        .target(
            name: "LoopbackTestSupport",
            dependencies: [
                "Peers", "FrameCore", "Reactor",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/LoopbackTestSupport"
        ),
        .testTarget(name: "FrameCoreTests", dependencies: ["FrameCore"]),
        // Captures/ holds files made by dumpcap and tcpdump, read by the tests through #filePath.
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "FrameCore"], exclude: ["Captures"]),
        .testTarget(name: "RecorderTests", dependencies: ["Recorder", "Capture", "FrameCore"]),
        .testTarget(name: "RecordingRoundTripTests",
                    dependencies: ["Recorder", "Capture", "FrameCore", "Peers", "Reactor", "LoopbackTestSupport"]),
        .testTarget(name: "ReactorTests", dependencies: ["Reactor"]),
        .testTarget(name: "PeersTests", dependencies: ["Peers", "FrameCore", "Reactor", "LoopbackTestSupport",
                                                     .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "FrameCore"]),
        .testTarget(name: "CursesUITests", dependencies: ["CursesUI", "CNCurses", "TUI"]),
        // Where the tests that run the built `socketlab` find it: one locator for all of them.
        .target(name: "TestBinaries", path: "Tests/TestBinaries"),
        .testTarget(name: "HardeningTests", dependencies: ["Peers", "FrameCore", "Reactor", "LoopbackTestSupport", "TestBinaries"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestBinaries"]),
    ],
    swiftLanguageModes: [.v6]
)
