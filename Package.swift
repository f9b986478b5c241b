// swift-tools-version: 6.0
// SocketLab: a selector-driven workbench for the "sockets with selectors" protocol.
// Dependencies point one way (see DECISIONS.md): socketlab → CursesUI → Inspector → FrameCore,
// socketlab → Peers → FrameCore + Reactor. FrameCore and Inspector are pure: they depend on no
// target that imports Glibc or ncurses, which this graph enforces.
import PackageDescription

let package = Package(
    name: "SocketLab",
    products: [
        .executable(name: "socketlab", targets: ["socketlab"]),
        .library(name: "FrameCore", targets: ["FrameCore"]),
        .library(name: "Reactor", targets: ["Reactor"]),
        .library(name: "Peers", targets: ["Peers"]),
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
        .target(
            name: "Reactor",
            dependencies: [
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
        .target(
            name: "Inspector",
            dependencies: [
                "FrameCore",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "CursesUI",
            dependencies: ["CNCurses", "Inspector"]
        ),
        .executableTarget(
            name: "socketlab",
            dependencies: [
                "FrameCore", "Reactor", "Peers", "Inspector", "CursesUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "FrameCoreTests", dependencies: ["FrameCore"]),
        .testTarget(name: "ReactorTests", dependencies: ["Reactor"]),
        .testTarget(name: "PeersTests", dependencies: ["Peers", "FrameCore", "Reactor"]),
        .testTarget(name: "InspectorTests", dependencies: ["Inspector", "FrameCore"]),
        .testTarget(name: "HardeningTests", dependencies: ["Peers", "FrameCore", "Reactor"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
