import Foundation
import PostgresNIO

/// A chatbot's request to reopen a closed conversation, claimed by a worker.
public struct ReopenRequest: Sendable, Equatable {
    public let id: Int64
    /// Conversation ids are per Dixa organisation: the tenant says whose.
    public let tenant: String
    public let conversationID: Int64
    /// Attempts including this one.
    public let attempts: Int
}

/// What became of a reopen request.
public enum ReopenOutcome: Sendable, Equatable {
    case done
    case retry(after: Duration, error: String)
    case dead(error: String)
}

extension OutboxStore {
    /// Claims up to `limit` due reopen requests of `tenants` for `lease`.
    public func claimReopenRequests(limit: Int, lease: Duration, tenants: [String] = [Tenants.defaultName]) async throws -> [ReopenRequest] {
        try await execute(ReopenClaimStatement(limit: limit, lease: lease, tenants: tenants))
    }

    /// Records a reopen request's outcome.
    public func finishReopenRequest(_ id: Int64, _ outcome: ReopenOutcome) async throws {
        _ = try await execute(ReopenFinishStatement(id: id, outcome: outcome))
    }
}
