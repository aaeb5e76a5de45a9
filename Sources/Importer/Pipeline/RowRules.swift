import DixaAPI
import Foundation
import Outbox

/// The rules every path that works a row obeys, the batch's shared statements (`RowProcessor.prepare`) and the row's
/// own steps (`RowProcessor.decide`) alike, so that each is written once.
struct RowRules: Sendable, Equatable {
    /// Overrides each row's `max_attempts` (`--max-attempts`).
    var maxAttemptsOverride: Int?
    /// Where an escalation goes when its transcript names no `queueId` (`DIXA_QUEUE_ID`).
    var defaultQueueID: UUID?
    /// Dixa's request timeout: how long a request whose answer was lost may still be applied.
    var requestTimeout: Duration
    /// Transfers that may meet a 404 on the conversation just created before the row is dead.
    var transferNotFoundAttempts: Int
    /// How soon a row handed back by a rate limit is due again.
    var rateLimitReleaseDelay: Duration
    /// The bot agent, named in the remedy of a halt.
    var botAgentID: UUID
    /// How the operator changes this tenant's settings, for the remedies.
    var names: TenantSettingNames

    /// `max_attempts`' default in the schema, for work that has no row of its own (reopen requests).
    static let defaultMaxAttempts = 8

    /// The rules for the rows of `tenant` (by default the configuration's own agent and queue, for the default tenant).
    init(_ configuration: ImporterConfiguration, requestTimeout: Duration, tenant: Tenant? = nil) {
        self.maxAttemptsOverride = configuration.retry.maxAttempts
        self.defaultQueueID = tenant.map(\.defaultQueueID) ?? configuration.defaultQueueID
        self.requestTimeout = requestTimeout
        self.transferNotFoundAttempts = configuration.transferNotFoundAttempts
        self.rateLimitReleaseDelay = configuration.rateLimitReleaseDelay
        self.botAgentID = tenant?.botAgentID ?? configuration.botAgentID
        self.names = TenantSettingNames(tenant: tenant?.name ?? Tenants.defaultName)
    }

    func maxAttempts(of row: ClaimedRow) -> Int { maxAttemptsOverride ?? row.maxAttempts }

    /// Claimed more often than it may be: earlier attempts died or lost their lease each time.
    func isAbandoned(_ row: ClaimedRow) -> Bool { row.attempts > maxAttempts(of: row) }

    /// The queue an escalation is handed to; nil for a closed conversation, and for an escalation with nowhere to go.
    func escalationQueue(of row: ClaimedRow, _ transcript: Transcript) -> UUID? {
        row.isEscalation ? transcript.queueID ?? defaultQueueID : nil
    }

    /// How long a row handed back mid-attempt waits. An import request that was on the wire may still be applied by
    /// Dixa; the next attempt reconciles only once that request would have timed out, so that it can see the result.
    func handBackDelay(importInFlight: Bool) -> Duration { importInFlight ? requestTimeout : .zero }
}
