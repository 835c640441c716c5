// swift-tools-version:6.0
import PackageDescription

// Layers follow the packet pipeline; each imports only the layers before it:
// CPcap → Capture → Decode → Reassembly → HTTP → Matching → Report → CLI.
let package = Package(
    name: "earshot",
    products: [
        .executable(name: "earshot", targets: ["CLI"]),
    ],
    targets: [
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        .target(name: "Capture", dependencies: ["CPcap"]),
        .target(name: "Decode", dependencies: ["Capture"]),
        .target(name: "Reassembly", dependencies: ["Capture", "Decode"]),
        .target(name: "HTTP", dependencies: ["Capture"]),
        .target(name: "Matching", dependencies: ["Capture", "Decode", "Reassembly", "HTTP"]),
        .target(name: "Report", dependencies: ["Capture", "Decode", "HTTP", "Matching"]),
        .executableTarget(
            name: "CLI",
            dependencies: ["Capture", "Decode", "Reassembly", "HTTP", "Matching", "Report"]
        ),
        .testTarget(name: "CaptureTests", dependencies: ["Capture"]),
        .testTarget(name: "DecodeTests", dependencies: ["Capture", "Decode"]),
        .testTarget(name: "ReassemblyTests", dependencies: ["Capture", "Decode", "Reassembly"]),
        .testTarget(name: "HTTPTests", dependencies: ["Capture", "HTTP"]),
        .testTarget(
            name: "MatchingTests",
            dependencies: ["Capture", "Decode", "Reassembly", "HTTP", "Matching"]
        ),
        .testTarget(
            name: "ReportTests",
            dependencies: ["Capture", "Decode", "HTTP", "Matching", "Report"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Capture", "Decode", "Reassembly", "HTTP", "Matching", "Report"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
