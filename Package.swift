// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// What every test target of the importer uses: its module under test and the shared support.
let testDependencies: [Target.Dependency] = [
    "TestSupport",
    "Secrets",
    "Importer",
    "DixaAPI",
    "Outbox",
    "Webhooks",
    "DixaSandbox",
    "LocalPostgres",
    .product(name: "PostgresNIO", package: "postgres-nio"),
    .product(name: "AsyncHTTPClient", package: "async-http-client"),
    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    .product(name: "InMemoryLogging", package: "swift-log"),
    .product(name: "NIOFoundationCompat", package: "swift-nio"),
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "MetricsTestKit", package: "swift-metrics"),
]

let package = Package(
    name: "dixa-importer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dixa-importer", targets: ["DixaImporterCLI"]),
        .executable(name: "dixa-sandbox", targets: ["DixaSandboxCLI"]),
        .library(name: "DixaAPI", targets: ["DixaAPI"]),
        .library(name: "Outbox", targets: ["Outbox"]),
        .library(name: "Importer", targets: ["Importer"]),
        .library(name: "Webhooks", targets: ["Webhooks"]),
        .library(name: "ImporterService", targets: ["ImporterService"]),
        .library(name: "Console", targets: ["Console"]),
        .library(name: "DixaSandbox", targets: ["DixaSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.0"),
    ],
    targets: [
        .target(
            name: "DixaAPI",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Outbox",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.embedInCode("sql")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Importer",
            dependencies: [
                "DixaAPI",
                "Outbox",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Webhooks",
            dependencies: [
                "DixaAPI",
                "Secrets",
                "Outbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Tenants' Dixa tokens and webhook secrets, sealed with AES-GCM under the key in DIXA_SECRETS_KEY_FILE.
        .target(
            name: "Secrets",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ],
            swiftSettings: swiftSettings
        ),
        // The operator console (`dixa-importer console`, `run --console-port`): HTML rendered on the server from the
        // templates compiled in, over the console statements of `Outbox`; no JavaScript.
        .target(
            name: "Console",
            dependencies: [
                "Outbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.embedInCode("Templates")],
            swiftSettings: swiftSettings
        ),
        // The service graph of `run`, `drain`, `webhooks serve` and `console`, built from one validated settings
        // value; the executables only parse arguments into it, and the tests build the same graph in-process.
        .target(
            name: "ImporterService",
            dependencies: [
                "Importer",
                "Secrets",
                "DixaAPI",
                "Outbox",
                "Webhooks",
                "Console",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DixaSandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LocalPostgres",
            dependencies: [
                .product(name: "Logging", package: "swift-log")
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "DixaImporterCLI",
            dependencies: [
                "Importer",
                "ImporterService",
                "Console",
                "Secrets",
                "DixaAPI",
                "Outbox",
                "Webhooks",
                "DixaSandbox",
                "LocalPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.embedInCode("Samples/samples.jsonl")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "DixaSandboxCLI",
            dependencies: [
                "DixaSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks (BENCHMARKS.md): `swift run -c release dixa-bench`. An executable target only, not a product: it is
        // not shipped (the Dockerfile builds the products), and no test target depends on it.
        .executableTarget(
            name: "dixa-bench",
            dependencies: [
                "Importer",
                "Secrets",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                "DixaAPI",
                "Outbox",
                "DixaSandbox",
                "LocalPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/DixaBench",
            swiftSettings: swiftSettings
        ),
        // What the tests share: a migrated database of their own, a running sandbox, the binary as a child process.
        .target(
            name: "TestSupport",
            dependencies: [
                "Importer",
                "Secrets",
                "DixaAPI",
                "Outbox",
                "Webhooks",
                "DixaSandbox",
                "LocalPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        // One test target per module, so a change to one module runs its own tests first (`.ci/run` runs them in
        // this order): Outbox, DixaAPI, Importer, Webhooks, ImporterService, Console, the command line, the
        // sandbox.
        .testTarget(
            name: "OutboxTests",
            dependencies: testDependencies,
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DixaAPITests",
            dependencies: testDependencies,
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SecretsTests",
            dependencies: ["Secrets"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ImporterTests",
            dependencies: testDependencies + [.product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle")],
            exclude: ["HostileInput"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WebhooksTests",
            dependencies: testDependencies,
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ImporterServiceTests",
            dependencies: testDependencies + [
                "ImporterService",
                "Console",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: testDependencies + ["Console"],
            exclude: ["Browser"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: testDependencies,
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DixaSandboxTests",
            dependencies: [
                "DixaSandbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
