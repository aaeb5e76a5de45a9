import ArgumentParser
import DixaAPI
import Foundation
import ImporterService

struct DixaOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Dixa's base URL (default: $DIXA_BASE_URL or https://dev.dixa.io).", valueName: "url"))
    var dixaBaseURL: String?

    @Option(help: ArgumentHelp("A file holding the Dixa API token (default: $DIXA_API_TOKEN_FILE, else $DIXA_API_TOKEN).", valueName: "path"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("The bot user's Dixa agent id, a UUID (default: $DIXA_AGENT_ID).", valueName: "uuid"))
    var agentID: String?

    @Option(help: ArgumentHelp("Where escalations go when their transcript names no queueId, a UUID (default: $DIXA_QUEUE_ID).", valueName: "uuid"))
    var queueID: String?

    @Option(help: "Seconds before a Dixa request times out; keep it well under --lease.")
    var requestTimeout: Double = 30

    @Option(
        help:
            "Dixa's limit in requests per second, for every process sharing the budget together (Dixa allows 10 per token); 98 % of it is sent."
    )
    var rateLimit: Double = 10

    @Option(help: "Dixa's burst (Dixa allows 4); the pacer keeps two of it in hand for jitter.")
    var burst: Int = 4

    @Option(
        help: ArgumentHelp(
            "shared: every process using this token paces through PostgreSQL and together stays within --rate-limit; "
                + "local: this process alone (default: $DIXA_RATE_BUDGET or shared).",
            valueName: "shared|local"
        )
    )
    var rateBudget: RateBudgetMode?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The token from --token-file, $DIXA_API_TOKEN_FILE or $DIXA_API_TOKEN. Errors never contain it.
    func token() throws -> DixaToken {
        if let path = tokenFile ?? environment["DIXA_API_TOKEN_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CommandError("cannot read the Dixa token file \(path)")
            }
            let token = DixaToken(String(decoding: contents, as: UTF8.self))
            guard !token.isEmpty else { throw CommandError("the Dixa token file \(path) is empty") }
            return token
        }
        guard let value = environment["DIXA_API_TOKEN"], !DixaToken(value).isEmpty else {
            throw CommandError("no Dixa API token: set DIXA_API_TOKEN, or DIXA_API_TOKEN_FILE / --token-file to a file holding it")
        }
        return DixaToken(value)
    }

    func botAgentID() throws -> UUID {
        guard let text = agentID ?? environment["DIXA_AGENT_ID"], !text.isEmpty else {
            throw CommandError("DIXA_AGENT_ID is not set: export the bot user's agent id (a UUID), or pass --agent-id")
        }
        guard let id = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else {
            throw CommandError("DIXA_AGENT_ID is not a UUID: \(text.prefix(60))")
        }
        return id
    }

    /// The default escalation queue from --queue-id or $DIXA_QUEUE_ID; nil when neither is set.
    func defaultQueueID() throws -> UUID? {
        guard let text = queueID ?? environment["DIXA_QUEUE_ID"], !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else {
            throw CommandError("DIXA_QUEUE_ID is not a UUID: \(text.prefix(60))")
        }
        return id
    }

    private var baseURL: String {
        dixaBaseURL ?? environment["DIXA_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? DixaClientConfiguration.defaultBaseURL
    }

    /// Where and as whom to reach Dixa, for the commands that need no bot agent.
    func clientConfiguration() throws -> DixaClientConfiguration {
        try DixaSettings.client(baseURL: baseURL, token: try token(), requestTimeout: try .flag(requestTimeout, "--request-timeout"))
    }

    /// Everything the worker needs of Dixa. With `tenantsOnly` (a secrets key is configured, so stored tenants may do
    /// the work), giving neither a token nor an agent configures no default tenant; giving one of them without the
    /// other is still an error.
    func settings(tenantsOnly: Bool = false) throws -> DixaSettings {
        if tenantsOnly, !hasDefaultTenant {
            return try DixaSettings(
                baseURL: baseURL,
                requestTimeout: try .flag(requestTimeout, "--request-timeout"),
                requestsPerSecond: rateLimit,
                burst: burst,
                rateBudget: try rateBudgetMode()
            )
        }
        return try DixaSettings(
            baseURL: baseURL,
            token: try token(),
            botAgentID: try botAgentID(),
            defaultQueueID: try defaultQueueID(),
            requestTimeout: try .flag(requestTimeout, "--request-timeout"),
            requestsPerSecond: rateLimit,
            burst: burst,
            rateBudget: try rateBudgetMode()
        )
    }

    /// Whether a token or an agent is given for the default tenant, by flag or environment.
    private var hasDefaultTenant: Bool {
        let given = { (value: String?) in value.map { !$0.isEmpty } ?? false }
        return tokenFile != nil || agentID != nil || given(environment["DIXA_API_TOKEN_FILE"]) || given(environment["DIXA_API_TOKEN"])
            || given(environment["DIXA_AGENT_ID"])
    }

    /// --rate-budget, else $DIXA_RATE_BUDGET, else shared.
    private func rateBudgetMode() throws -> RateBudgetMode {
        if let rateBudget { return rateBudget }
        guard let text = environment["DIXA_RATE_BUDGET"], !text.isEmpty else { return .shared }
        guard let parsed = RateBudgetMode(rawValue: text.lowercased()) else { throw CommandError("DIXA_RATE_BUDGET must be shared or local") }
        return parsed
    }
}

extension RateBudgetMode: ExpressibleByArgument {}
