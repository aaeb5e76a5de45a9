import DixaAPI
import Foundation
import Outbox

/// Dixa does not know the queue an escalation was transferred to. Where the id came from decides what happens:
/// a bad `queueId` in one row's transcript is that row's problem (it goes dead, the rows around it go on), while a
/// bad `DIXA_QUEUE_ID` would fail every escalation alike (the worker halts).
struct UnknownQueue: Error, Sendable, Equatable {
    enum Source: Sendable, Equatable {
        /// The row's transcript named it (`queueId`).
        case rowQueueID
        /// The transcript named none, so the default queue (`DIXA_QUEUE_ID`) was used.
        case defaultQueueID
    }

    let queueID: UUID
    let source: Source
    let names: TenantSettingNames
    let sourceKey: String
    let conversationID: Int64
    /// Dixa's answer, such as `POST /v1/conversations/{id}/transfer/queue answered HTTP 400 Queue does not exist`.
    let answer: String
    let httpStatus: Int?

    init(
        queueID: UUID,
        source: Source,
        sourceKey: String,
        conversationID: Int64,
        error: DixaError,
        names: TenantSettingNames = TenantSettingNames(tenant: Tenants.defaultName)
    ) {
        self.queueID = queueID
        self.source = source
        self.names = names
        self.sourceKey = sourceKey
        self.conversationID = conversationID
        self.answer = error.answer
        self.httpStatus = error.status
    }

    /// Whether a transfer failure is this one.
    static func matches(_ error: DixaError) -> Bool {
        error.knownMessage == .queueDoesNotExist
    }

    var decision: RowDecision {
        let queue = queueID.dixaString
        switch source {
        case .rowQueueID:
            return .dead(
                code: .unknownQueue,
                message: "Dixa does not know queue \(queue), named by the row's queueId (source_key \(sourceKey)): \(answer). "
                    + "The conversation is imported as \(conversationID) and waits only for its transfer. Put an id listed by "
                    + "GET /v1/queues in the transcript's queueId (or remove it to use \(names.queue)), then run "
                    + "`dixa-importer requeue --source-key \(sourceKey)\(names.isDefault ? "" : " --tenant \(names.tenant)")`.",
                httpStatus: httpStatus
            )
        case .defaultQueueID:
            return .halt(
                ConfigurationHalt(
                    tenant: names.tenant,
                    cause:
                        "Dixa does not know queue \(queue), the default queue from \(names.isDefault ? "DIXA_QUEUE_ID" : "tenant \(names.tenant)'s --queue-id"), "
                        + "which row \(sourceKey) (no queueId in its transcript) was transferred to: \(answer)",
                    remedy: names.isDefault
                        ? "Set DIXA_QUEUE_ID (or --queue-id) to an id listed by GET /v1/queues; `dixa-importer check` tests it."
                        : "Set \(names.queue) to an id listed by GET /v1/queues; `\(names.check)` tests it."
                )
            )
        }
    }
}
