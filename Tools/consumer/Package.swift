// swift-tools-version: 6.0
// A package outside SocketLab that depends on it by path and uses its three library products:
// it builds only if Package.swift has no unsafe flags (SwiftPM refuses those in dependencies) and
// the products' public API is usable from another package. Built by the EndToEnd test
// `ConsumerPackageTests` with `swift build --package-path Tools/consumer`.
import PackageDescription

let package = Package(
    name: "SocketLabConsumer",
    dependencies: [
        .package(name: "SocketLab", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "consumer",
            dependencies: [
                .product(name: "FrameCore", package: "SocketLab"),
                .product(name: "Reactor", package: "SocketLab"),
                .product(name: "Peers", package: "SocketLab"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
