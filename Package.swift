// swift-tools-version:6.0
import PackageDescription

// Layers follow the packet pipeline; each imports only the layers before it:
// CPcap → Capture → Decode → Reassembly → HTTP → Matching → Kube → Report → CLI.
// Kube (pod identity from the API server) sits beside the packet path: it reads the API on
// its own threads and the report layer asks it who an address was at a given time.

// The packet path mutates per-connection state held in classes, so every property access pays
// a dynamic exclusivity check: about a third of replay time, measured with callgrind. Debug
// builds (and so every test run) keep the checks; release builds of the packet-path modules
// drop them.
let packetPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]
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
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "Capture", dependencies: ["CPcap"]),
        .target(name: "Decode", dependencies: ["Capture"], swiftSettings: packetPathSettings),
        .target(
            name: "Reassembly",
            dependencies: ["Capture", "Decode"],
            swiftSettings: packetPathSettings
        ),
        .target(name: "HTTP", dependencies: ["Capture"], swiftSettings: packetPathSettings),
        .target(
            name: "Matching",
            dependencies: ["Capture", "Decode", "Reassembly", "HTTP"],
            swiftSettings: packetPathSettings
        ),
        .target(
            name: "Kube",
            dependencies: ["CCurl", "CYaml", "Capture", "Decode"]
        ),
        .target(
            name: "Report",
            dependencies: ["Capture", "Decode", "HTTP", "Matching", "Kube"],
            swiftSettings: packetPathSettings
        ),
        .executableTarget(
            name: "CLI",
            dependencies: [
                "Capture", "Decode", "Reassembly", "HTTP", "Matching", "Kube", "Report",
            ],
            swiftSettings: packetPathSettings
        ),
        // Helpers shared by the test targets (temporary folders); never part of the product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CaptureTests", dependencies: ["Capture", "TestSupport"]),
        .testTarget(name: "DecodeTests", dependencies: ["Capture", "Decode"]),
        .testTarget(name: "ReassemblyTests", dependencies: ["Capture", "Decode", "Reassembly"]),
        .testTarget(name: "HTTPTests", dependencies: ["Capture", "HTTP"]),
        .testTarget(
            name: "MatchingTests",
            dependencies: ["Capture", "Decode", "Reassembly", "HTTP", "Matching"]
        ),
        .testTarget(name: "KubeTests", dependencies: ["Capture", "Decode", "Kube", "TestSupport"]),
        .testTarget(
            name: "ReportTests",
            dependencies: ["Capture", "Decode", "HTTP", "Matching", "Kube", "Report"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "Capture", "Decode", "Reassembly", "HTTP", "Matching", "Kube", "Report",
                "TestSupport",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
