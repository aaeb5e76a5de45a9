import DixaAPI
import Foundation
import Outbox

/// A problem no row of a tenant can get past: its token, its bot agent or the channel. The worker stops claiming that
/// tenant's rows, hands them back without burning attempts and says what to fix; other tenants go on.
public struct ConfigurationHalt: Error, Sendable, Equatable, CustomStringConvertible {
    /// The tenant whose configuration is wrong.
    public let tenant: String
    /// Dixa's answer, e.g. `HTTP 400 Agent does not exist`.
    public let cause: String
    /// What the operator should change.
    public let remedy: String

    public var description: String {
        let problem = "configuration problem: \(cause). \(remedy)"
        return tenant == Tenants.defaultName ? problem : "tenant \(tenant): \(problem)"
    }

    public init(tenant: String = Tenants.defaultName, cause: String, remedy: String) {
        self.tenant = tenant
        self.cause = cause
        self.remedy = remedy
    }

    /// An escalation with nowhere to go.
    static func noQueue(_ names: TenantSettingNames) -> ConfigurationHalt {
        ConfigurationHalt(
            tenant: names.tenant,
            cause: "an escalation names no queueId and no default queue is configured",
            remedy:
                "Set \(names.queue) to the id of a human-staffed queue (listed by GET /v1/queues), or put queueId in each escalation's transcript."
        )
    }

    init(_ error: DixaError, botAgentID: UUID, names: TenantSettingNames = TenantSettingNames(tenant: Tenants.defaultName)) {
        tenant = names.tenant
        cause = error.answer
        switch (error.status, error.knownMessage) {
        case (401?, _), (403?, _):
            remedy =
                "Dixa rejected the API token: set \(names.token) to a valid token created for the \"Dixa API\" version, with access to conversations and end users."
        case (_, .agentDoesNotExist?):
            remedy =
                "The bot agent \(botAgentID.dixaString) does not exist in this Dixa organisation: set \(names.agent) to the id of your bot user (Settings > AI agents > Third-party AI agents)."
        case (_, .unsupportedChannel?):
            remedy =
                "Dixa does not accept the genericapimessaging channel for this organisation: enable the Generic API messaging channel, or check that \(names.baseURL) points at the right Dixa."
        case (_, .queueDoesNotExist?):
            // Transfers report the queue's id and where it came from (`UnknownQueue`); this is any other request.
            remedy = "Dixa does not know a queue it was given: check \(names.queue) and the rows' queueId against GET /v1/queues."
        default:
            remedy = "Fix the Dixa configuration, then the worker resumes by itself (run) or on the next drain."
        }
    }
}
