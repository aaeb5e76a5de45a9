import DixaAPI
import Foundation

/// A problem no row can get past: the token, the bot agent or the channel. The worker stops claiming,
/// hands its rows back without burning attempts and says what to fix.
public struct ConfigurationHalt: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dixa's answer, e.g. `HTTP 400 Agent does not exist`.
    public let cause: String
    /// What the operator should change.
    public let remedy: String

    public var description: String { "configuration problem: \(cause). \(remedy)" }

    init(cause: String, remedy: String) {
        self.cause = cause
        self.remedy = remedy
    }

    /// An escalation with nowhere to go.
    static let noQueue = ConfigurationHalt(
        cause: "an escalation names no queueId and no default queue is configured",
        remedy: "Set DIXA_QUEUE_ID to the id of a human-staffed queue (listed by GET /v1/queues), or put queueId in each escalation's transcript."
    )

    init(_ error: DixaError, botAgentID: UUID) {
        cause = error.answer
        switch (error.status, error.knownMessage) {
        case (401?, _), (403?, _):
            remedy =
                "Dixa rejected the API token: set DIXA_API_TOKEN (or DIXA_API_TOKEN_FILE) to a valid token created for the \"Dixa API\" version, with access to conversations and end users."
        case (_, .agentDoesNotExist?):
            remedy =
                "The bot agent \(botAgentID.dixaString) does not exist in this Dixa organisation: set DIXA_AGENT_ID to the id of your bot user (Settings > AI agents > Third-party AI agents)."
        case (_, .unsupportedChannel?):
            remedy =
                "Dixa does not accept the genericapimessaging channel for this organisation: enable the Generic API messaging channel, or check that DIXA_BASE_URL points at the right Dixa."
        case (_, .queueDoesNotExist?):
            // Transfers report the queue's id and where it came from (`UnknownQueue`); this is any other request.
            remedy = "Dixa does not know a queue it was given: check DIXA_QUEUE_ID and the rows' queueId against GET /v1/queues."
        default:
            remedy = "Fix the Dixa configuration, then the worker resumes by itself (run) or on the next drain."
        }
    }
}
