import DixaAPI
import Logging
import Outbox

/// Sends `PUT /v1/conversations/{id}/reopen` for each reopen request the chatbot inserted into
/// `dixa_reopen_requests`, to the request's tenant's organisation, and records the outcome there. Reopening twice is
/// harmless, so a request is simply done, retried with the row retry schedule, or dead with Dixa's reason.
struct ReopenRequestProcessor: Sendable {
    let store: OutboxStore
    let roster: TenantRoster
    let configuration: ImporterConfiguration
    let logger: Logger

    /// Handles every due request of the tenants that may be worked now (up to `concurrency` of them). Returns how many
    /// it claimed.
    func processDue() async throws -> Int {
        let requests = try await store.claimReopenRequests(
            limit: configuration.concurrency,
            lease: configuration.leaseDuration,
            tenants: roster.claimable
        )
        for request in requests {
            let outcome: ReopenOutcome
            if let tenant = roster.tenant(named: request.tenant) {
                outcome = await reopen(request, in: tenant)
            } else {
                // The tenant went away (disabled or removed) since the claim: try again later.
                outcome = .retry(after: configuration.haltRecheckInterval, error: "tenant \(request.tenant) is not being worked")
            }
            do {
                try await retryingWhileDatabaseIsAway(for: configuration.leaseDuration, "recording a reopen request's outcome", logger: logger) {
                    try await store.finishReopenRequest(request.id, outcome)
                }
            } catch {
                logger.error(
                    "could not record a reopen outcome; the request returns when its lease expires",
                    metadata: ["request": "\(request.id)", "error": "\(String(reflecting: error).prefix(200))"]
                )
            }
        }
        return requests.count
    }

    private func reopen(_ request: ReopenRequest, in tenant: Tenant) async -> ReopenOutcome {
        let metadata: Logger.Metadata = ["request": "\(request.id)", "conversation": "\(request.conversationID)", "tenant": "\(tenant.name)"]
        do {
            try await tenant.budget.spend { try await tenant.dixa.reopenConversation(request.conversationID) }
            logger.info("reopened the conversation", metadata: metadata)
            return .done
        } catch let error as DixaError {
            switch error.errorClass {
            case .badRequest, .notFound:
                logger.error("Dixa refused to reopen the conversation", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                return .dead(error: error.description)
            case .rateLimited:
                return .retry(after: configuration.rateLimitReleaseDelay, error: error.description)
            case .configuration:
                return .retry(after: configuration.haltRecheckInterval, error: error.description)
            case .transient, .staleRequester:
                guard request.attempts < configuration.retry.maxAttempts ?? RowRules.defaultMaxAttempts else {
                    return .dead(error: error.description)
                }
                return .retry(after: configuration.retry.delay(afterAttempt: request.attempts), error: error.description)
            }
        } catch {
            return .retry(after: .zero, error: "interrupted: \(String(reflecting: error).prefix(200))")
        }
    }
}
