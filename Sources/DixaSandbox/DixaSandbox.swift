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
///
/// It serves one organisation per ``SandboxConfiguration/organizations`` entry, strictly apart: a request is handled
/// within its token's organisation, where another organisation's end users, agents, queues, custom attributes,
/// conversations and webhook subscriptions do not exist. Fault rules, the delivery mode and the latency apply to all;
/// the rate limit gives each token its own bucket. Inspection covers every organisation, each item naming its own.
public final class DixaSandbox: Service, Sendable {
    /// What the sandbox was created with.
    public let configuration: SandboxConfiguration
    private let logger: Logger
    private let store: SandboxStore
    let hub: WebhookHub
    private let recorder = RequestRecorder()
    private let faults = FaultInjector()
    private let limiter: RateLimiter
    private let latency: ResponseLatency
    private let port = ListeningPort()

    /// Creates a sandbox; nothing listens until ``run()``.
    /// - Parameters:
    ///   - configuration: Address, organisations, rate limit and latency.
    ///   - logger: Receives server events; requests are logged at debug level without tokens.
    public init(configuration: SandboxConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.store = SandboxStore(directory: OrganizationDirectory(configuration.organizations))
        self.limiter = RateLimiter(limit: configuration.rateLimit)
        self.latency = ResponseLatency(configuration.latency)
        self.hub = WebhookHub(logger: logger)
    }

    /// Conversation changes that webhooks report, for the Swift API in `DixaSandbox+Webhooks.swift`.
    var events: ConversationEvents { ConversationEvents(store: store, hub: hub) }

    /// Serves until graceful shutdown or cancellation.
    /// - Throws: ``SandboxConfigurationError`` before listening when the configuration cannot be served
    ///   (``SandboxConfiguration/validate()``), or the server's error.
    public func run() async throws {
        do {
            try configuration.validate()
        } catch {
            await port.stop(error)
            throw error
        }
        let routes = SandboxRoutes(
            store: store,
            recorder: recorder,
            faults: faults,
            limiter: limiter,
            latency: latency,
            hub: hub,
            initialRateLimit: configuration.rateLimit,
            initialLatency: configuration.latency,
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

    /// Changes the rate limit; `nil` switches it off (as `POST|DELETE /_sandbox/rate-limit` do). Every token has a
    /// bucket of its own.
    public func setRateLimit(_ limit: SandboxRateLimit?) async {
        await limiter.configure(limit)
    }

    /// Changes the wait before each `/v1` request is handled, in milliseconds drawn uniformly from the range; `nil`
    /// switches it off (as `POST|DELETE /_sandbox/latency` do). A negative bound counts as 0.
    public func setLatency(_ latency: ClosedRange<Int>?) async {
        await self.latency.configure(latency.map { max(0, $0.lowerBound)...max(0, $0.upperBound) })
    }

    /// Back to the seed, in every organisation: end users created, conversations, recorded requests, faults, webhook
    /// subscriptions, deliveries and held events are cleared, the delivery mode is the default and the
    /// rate limit and latency are the configured ones again (as `POST /_sandbox/reset` does).
    public func reset() async {
        await store.reset()
        await hub.reset()
        await recorder.clear()
        await faults.clear()
        await limiter.configure(configuration.rateLimit)
        await latency.configure(configuration.latency)
    }

    /// Every `/v1` request so far, in order, whatever its organisation (as `GET /_sandbox/requests`).
    public func recordedRequests() async -> [SandboxRecordedRequest] {
        await recorder.all()
    }

    /// The `/v1` requests that carried a token of the organisation named `organization`, in order.
    public func recordedRequests(organization: String) async -> [SandboxRecordedRequest] {
        await recorder.all().filter { $0.organization == organization }
    }

    /// Every organisation's imported conversations, in id order (as `GET /_sandbox/conversations`).
    public func conversations() async -> [SandboxConversationRecord] {
        await store.conversationRecords()
    }

    /// The conversations imported into the organisation named `organization`, in id order.
    public func conversations(organization: String) async -> [SandboxConversationRecord] {
        await store.conversationRecords().filter { $0.organization == organization }
    }

    /// Every organisation's end users, seeded or created, organisation by organisation (as `GET /_sandbox/endusers`).
    public func endUsers() async -> [SandboxEndUser] {
        await store.allEndUsers()
    }

    /// The end users of the organisation named `organization`, in creation order; none for an unknown name.
    public func endUsers(organization: String) async -> [SandboxEndUser] {
        guard let organization = store.directory.organization(named: organization) else { return [] }
        return await store.allEndUsers(in: organization)
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
