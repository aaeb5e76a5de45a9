import DixaAPI
import Foundation

/// How the importer talks to Dixa: where, how fast, and the default tenant's organisation (the environment's token,
/// bot agent and queue). Stored tenants bring their own token, agent, queue and rate (`dixa-importer tenants`).
public struct DixaSettings: Sendable {
    /// The default tenant's organisation, as the environment and flags configure it.
    public struct DefaultTenant: Sendable {
        public let token: DixaToken
        /// The bot user's agent id: the author of bot messages, the assignee and the closer.
        public let botAgentID: UUID
        /// Where escalations go when their transcript names no `queueId` (`DIXA_QUEUE_ID`).
        public let defaultQueueID: UUID?
    }

    /// Dixa's base URL for the default tenant, and for stored tenants that name none.
    public let baseURL: String
    /// Every request's deadline.
    public let requestTimeout: Duration
    /// The default tenant's requests per second, together for every process sharing its budget (Dixa allows 10 per
    /// token). Stored tenants have their own (10 unless set).
    public let requestsPerSecond: Double
    /// The default tenant's burst (Dixa allows 4).
    public let burst: Int
    public let rateBudget: RateBudgetMode
    /// Nil when the environment configures no organisation: a deployment of stored tenants only, whose 'default'
    /// rows wait.
    public let defaultTenant: DefaultTenant?

    /// Settings with a configured default tenant.
    public init(
        baseURL: String = DixaClientConfiguration.defaultBaseURL,
        token: DixaToken,
        botAgentID: UUID,
        defaultQueueID: UUID? = nil,
        requestTimeout: Duration = .seconds(30),
        requestsPerSecond: Double = 10,
        burst: Int = 4,
        rateBudget: RateBudgetMode = .shared
    ) throws(SettingsError) {
        // Checks the token and the URL.
        _ = try Self.client(baseURL: baseURL, token: token, requestTimeout: requestTimeout)
        try self.init(
            baseURL: baseURL,
            requestTimeout: requestTimeout,
            requestsPerSecond: requestsPerSecond,
            burst: burst,
            rateBudget: rateBudget,
            defaultTenant: DefaultTenant(token: token, botAgentID: botAgentID, defaultQueueID: defaultQueueID)
        )
    }

    /// Settings without a default tenant, for a deployment whose organisations are all stored tenants.
    public init(
        baseURL: String = DixaClientConfiguration.defaultBaseURL,
        requestTimeout: Duration = .seconds(30),
        requestsPerSecond: Double = 10,
        burst: Int = 4,
        rateBudget: RateBudgetMode = .shared,
        defaultTenant: DefaultTenant? = nil
    ) throws(SettingsError) {
        guard requestsPerSecond > 0, requestsPerSecond.isFinite, burst >= 1 else {
            throw SettingsError(.invalid, "--rate-limit must be positive and --burst at least 1")
        }
        try Self.checkURL(baseURL, setting: "DIXA_BASE_URL")
        guard requestTimeout > .zero else { throw SettingsError(.invalid, "--request-timeout must be positive") }
        self.baseURL = DixaClientConfiguration(baseURL: baseURL, token: DixaToken("")).baseURL
        self.requestTimeout = requestTimeout
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.rateBudget = rateBudget
        self.defaultTenant = defaultTenant
    }

    /// The default tenant's bot agent, if there is a default tenant.
    public var botAgentID: UUID? { defaultTenant?.botAgentID }

    /// The default tenant's client configuration, if there is a default tenant.
    public var client: DixaClientConfiguration? {
        defaultTenant.map { DixaClientConfiguration(baseURL: baseURL, token: $0.token, requestTimeout: requestTimeout) }
    }

    /// Where and as whom to reach Dixa, checked: for the commands that need no bot agent and no pacing (`webhooks
    /// install`, `reopen`).
    public static func client(
        baseURL: String,
        token: DixaToken,
        requestTimeout: Duration,
        tenant: String = "default"
    ) throws(SettingsError) -> DixaClientConfiguration {
        guard !token.isEmpty else {
            throw SettingsError(.missing, "no Dixa API token: set DIXA_API_TOKEN, or DIXA_API_TOKEN_FILE / --token-file to a file holding it")
        }
        guard requestTimeout > .zero else { throw SettingsError(.invalid, "--request-timeout must be positive") }
        try checkURL(baseURL, setting: "DIXA_BASE_URL")
        return DixaClientConfiguration(baseURL: baseURL, token: token, requestTimeout: requestTimeout, tenant: tenant)
    }

    /// Refuses a base URL that is not absolute http(s), naming `setting`.
    public static func checkURL(_ baseURL: String, setting: String) throws(SettingsError) {
        guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw SettingsError(.invalid, "\(setting) must be an absolute http(s) URL, such as \(DixaClientConfiguration.defaultBaseURL)")
        }
    }
}
