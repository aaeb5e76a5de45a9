import DixaAPI
import Foundation

/// How the importer talks to one Dixa organisation: where, as whom, and how fast.
public struct DixaSettings: Sendable {
    public let client: DixaClientConfiguration
    /// The bot user's agent id: the author of bot messages, the assignee and the closer.
    public let botAgentID: UUID
    /// Where escalations go when their transcript names no `queueId` (`DIXA_QUEUE_ID`).
    public let defaultQueueID: UUID?
    /// Requests per second, together for every process sharing the budget (Dixa allows 10 per token).
    public let requestsPerSecond: Double
    /// Requests that may go out at once before pacing applies (Dixa allows bursts of 4).
    public let burst: Int
    public let rateBudget: RateBudgetMode

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
        guard requestsPerSecond > 0, requestsPerSecond.isFinite, burst >= 1 else {
            throw SettingsError(.invalid, "--rate-limit must be positive and --burst at least 1")
        }
        client = try Self.client(baseURL: baseURL, token: token, requestTimeout: requestTimeout)
        self.botAgentID = botAgentID
        self.defaultQueueID = defaultQueueID
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.rateBudget = rateBudget
    }

    public var requestTimeout: Duration { client.requestTimeout }

    /// Where and as whom to reach Dixa, checked: for the commands that need no bot agent and no pacing (`webhooks
    /// install`, `reopen`).
    public static func client(baseURL: String, token: DixaToken, requestTimeout: Duration) throws(SettingsError) -> DixaClientConfiguration {
        guard !token.isEmpty else {
            throw SettingsError(.missing, "no Dixa API token: set DIXA_API_TOKEN, or DIXA_API_TOKEN_FILE / --token-file to a file holding it")
        }
        guard requestTimeout > .zero else { throw SettingsError(.invalid, "--request-timeout must be positive") }
        guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw SettingsError(.invalid, "DIXA_BASE_URL must be an absolute http(s) URL, such as \(DixaClientConfiguration.defaultBaseURL)")
        }
        return DixaClientConfiguration(baseURL: baseURL, token: token, requestTimeout: requestTimeout)
    }
}
