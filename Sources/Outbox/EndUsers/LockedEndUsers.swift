import Foundation
import PostgresNIO

/// The end-user cache inside `OutboxStore.withEndUserLock`, on the connection that holds the locks.
public struct LockedEndUsers: Sendable {
    let store: OutboxStore
    let tenant: String
    let connection: PostgresConnection

    /// As `OutboxStore.cachedEndUser(for:)`.
    public func cachedEndUser(for identities: [EndUserIdentity]) async throws -> UUID? {
        let rows = try await store.execute(
            EndUserLookupStatement(tenant: tenant, identities: identities),
            on: connection,
            timeout: store.statementTimeout
        )
        return identities.firstCached(in: EndUserLookupStatement.found(rows))
    }

    /// As `OutboxStore.cacheEndUser(_:for:)`.
    public func cacheEndUser(_ requesterID: UUID, for identities: [EndUserIdentity]) async throws {
        _ = try await store.execute(
            EndUserStoreStatement(tenant: tenant, requesterID: requesterID, identities: identities),
            on: connection,
            timeout: store.statementTimeout
        )
    }
}
