import Hummingbird
import Logging
import ServiceLifecycle

/// A local stand-in for Dixa's REST API (`/v1`), strict enough to catch a client that breaks the
/// contract, with an admin API (`/_sandbox`) to inject faults and inspect what clients sent.
///
/// Run it in-process on an ephemeral port:
///
/// ```swift
/// let sandbox = DixaSandbox(configuration: .init(), logger: logger)
/// try await withThrowingTaskGroup { group in
///     group.addTask { try await sandbox.run() }
///     let baseURL = try await sandbox.baseURL()          // "http://127.0.0.1:54321"; the API is under /v1
///     // ... talk to "\(baseURL)/v1/..." with header "Authorization: sandbox-token"
///     group.cancelAll()
/// }
/// ```
///
/// or in a `ServiceGroup`, where graceful shutdown stops it. One instance runs once.
public final class DixaSandbox: Service, Sendable {
    /// What the sandbox was created with.
    public let configuration: SandboxConfiguration
    private let logger: Logger
    private let store: SandboxStore
    let hub: WebhookHub
    private let recorder = RequestRecorder()
    private let faults = FaultInjector()
    private let limiter: RateLimiter
    private let port = ListeningPort()

    /// Creates a sandbox; nothing listens until ``run()``.
    /// - Parameters:
    ///   - configuration: Address, seed data and rate limit.
    ///   - logger: Receives server events; requests are logged at debug level without tokens.
    public init(configuration: SandboxConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.store = SandboxStore(seed: configuration.seed)
        self.limiter = RateLimiter(limit: configuration.rateLimit)
        self.hub = WebhookHub(logger: logger)
    }

    /// Conversation changes that webhooks report, for the Swift API in `DixaSandbox+Webhooks.swift`.
    var events: ConversationEvents { ConversationEvents(store: store, hub: hub) }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        let routes = SandboxRoutes(
            store: store,
            recorder: recorder,
            faults: faults,
            limiter: limiter,
            hub: hub,
            initialRateLimit: configuration.rateLimit,
            fallbackBaseURL: { [weak self] in
                guard let self else { throw SandboxStoppedError() }
                return try await self.baseURL()
            }
        )
        let app = Application(
            router: routes.router(logger: logger),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "dixa-sandbox"),
            onServerRunning: { [port] channel in
                await port.bind(channel.localAddress?.port ?? -1)
            },
            logger: logger
        )
        do {
            try await app.run()
        } catch {
            await port.stop(error)
            throw error
        }
        await port.stop(SandboxStoppedError())
    }

    /// Waits until the server is bound and returns its port (the real one when configured with 0).
    /// - Throws: the server's error when it failed to start, or ``SandboxStoppedError`` when it stopped first.
    public func listeningPort() async throws -> Int {
        try await port.wait()
    }

    /// `http://HOST:PORT` once listening; the Dixa API is under `/v1`. A wildcard host reads as `127.0.0.1`.
    public func baseURL() async throws -> String {
        let port = try await listeningPort()
        var host = configuration.host
        if ["0.0.0.0", "::", ""].contains(host) { host = "127.0.0.1" }
        if host.contains(":") { host = "[\(host)]" }
        return "http://\(host):\(port)"
    }

    /// Replaces the fault rules (as `POST /_sandbox/faults` does).
    public func setFaults(_ rules: [SandboxFaultRule]) async {
        await faults.replace(with: rules)
    }

    /// Changes the rate limit; `nil` switches it off (as `POST|DELETE /_sandbox/rate-limit` do).
    public func setRateLimit(_ limit: SandboxRateLimit?) async {
        await limiter.configure(limit)
    }

    /// Back to the seed: end users created, conversations, recorded requests, faults, webhook
    /// subscriptions, deliveries and held events are cleared, the delivery mode is the default and the
    /// rate limit is the configured one again (as `POST /_sandbox/reset` does).
    public func reset() async {
        await store.reset()
        await hub.reset()
        await recorder.clear()
        await faults.clear()
        await limiter.configure(configuration.rateLimit)
    }

    /// Every `/v1` request so far, in order (as `GET /_sandbox/requests`).
    public func recordedRequests() async -> [SandboxRecordedRequest] {
        await recorder.all()
    }

    /// Every imported conversation (as `GET /_sandbox/conversations`).
    public func conversations() async -> [SandboxConversationRecord] {
        await store.conversationRecords()
    }

    /// Every end user, seeded or created (as `GET /_sandbox/endusers`).
    public func endUsers() async -> [SandboxEndUser] {
        await store.allEndUsers()
    }
}

extension DixaSandbox: CustomStringConvertible {
    /// A short name for service-group logs (never the configuration, which holds tokens).
    public var description: String { "DixaSandbox" }
}

/// The sandbox stopped (or never started) before it was listening.
public struct SandboxStoppedError: Error, CustomStringConvertible, Sendable {
    /// Creates the error.
    public init() {}

    /// Says what happened.
    public var description: String { "The Dixa sandbox is not running" }
}
