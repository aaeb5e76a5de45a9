import Foundation
import PostgresNIO

extension OutboxStore {
    /// The cached end user of each identity that has one, in one statement.
    public func cachedEndUsers(for identities: [EndUserIdentity]) async throws -> [EndUserIdentity: UUID] {
        guard !identities.isEmpty else { return [:] }
        return EndUserLookupStatement.found(try await execute(EndUserLookupStatement(identities: identities)))
    }

    /// The cached Dixa end user for the first identity, in the given order, that has one.
    public func cachedEndUser(for identities: [EndUserIdentity]) async throws -> UUID? {
        identities.firstCached(in: try await cachedEndUsers(for: identities))
    }

    /// Caches every identity as pointing to `requesterID`.
    public func cacheEndUser(_ requesterID: UUID, for identities: [EndUserIdentity]) async throws {
        _ = try await execute(EndUserStoreStatement(requesterID: requesterID, identities: identities))
    }

    /// Drops every cached identity pointing to `requesterID`, after Dixa said it does not exist.
    public func forgetEndUser(_ requesterID: UUID) async throws {
        _ = try await execute(EndUserForgetStatement(requesterID: requesterID))
    }

    /// Runs `body` while holding a transaction-scoped advisory lock on each identity, so that no other
    /// worker, in this process or another, resolves the same requester at the same time.
    ///
    /// `body` reads and writes the cache through `LockedEndUsers`, on the connection that holds the locks: needing a
    /// second pooled connection while holding one would wait for ever once every connection is held that way. For
    /// the same reason the Dixa requests `body` makes reserve their budget slots on a pool of their own
    /// (`RateBudgetStore`), never on this one.
    public func withEndUserLock<Result: Sendable>(
        _ identities: [EndUserIdentity],
        _ body: @Sendable (LockedEndUsers) async throws -> Result
    ) async throws -> Result {
        try await transaction { connection in
            // No statement timeout on this one: it waits, rightly, for as long as another row holds an identity.
            _ = try await execute(EndUserLockStatement(identities: identities), on: connection, timeout: nil)
            return try await body(LockedEndUsers(store: self, connection: connection))
        }
    }
}
