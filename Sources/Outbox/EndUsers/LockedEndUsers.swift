import Foundation
import PostgresNIO

/// The end-user cache inside `OutboxStore.withEndUserLock`, on the connection that holds the locks.
public struct LockedEndUsers: Sendable {
    let connection: PostgresConnection
    let timeout: Duration?
    let logger: Logger

    /// As `OutboxStore.cachedEndUser(for:)`.
    public func cachedEndUser(for identities: [EndUserIdentity]) async throws -> UUID? {
        identities.firstCached(
            in: try EndUserStatements.decode(try await connection.rows(EndUserStatements.lookup(identities), timeout: timeout, logger: logger))
        )
    }

    /// As `OutboxStore.cacheEndUser(_:for:)`.
    public func cacheEndUser(_ requesterID: UUID, for identities: [EndUserIdentity]) async throws {
        _ = try await connection.rows(EndUserStatements.store(requesterID, identities), timeout: timeout, logger: logger)
    }
}
