import Foundation
import PostgresNIO

extension OutboxStore {
    /// The cached end user of each identity that has one, in one statement.
    public func cachedEndUsers(for identities: [EndUserIdentity]) async throws -> [EndUserIdentity: UUID] {
        guard !identities.isEmpty else { return [:] }
        return try EndUserStatements.decode(try await execute(HotQueries.EndUserLookupMany.self, EndUserStatements.lookupBinds(identities)))
    }

    /// The cached Dixa end user for the first identity, in the given order, that has one.
    public func cachedEndUser(for identities: [EndUserIdentity]) async throws -> UUID? {
        identities.firstCached(in: try await cachedEndUsers(for: identities))
    }

    /// Caches every identity as pointing to `requesterID`.
    public func cacheEndUser(_ requesterID: UUID, for identities: [EndUserIdentity]) async throws {
        _ = try await rows(EndUserStatements.store(requesterID, identities))
    }

    /// Drops every cached identity pointing to `requesterID`, after Dixa said it does not exist.
    public func forgetEndUser(_ requesterID: UUID) async throws {
        var binds = PostgresBindings()
        binds.append(requesterID)
        _ = try await execute(Queries.endUserForget, binds)
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
            var binds = PostgresBindings()
            binds.append(identities.map { "\($0.kind.rawValue):\($0.value)" })
            // No statement timeout on this one: it waits, rightly, for as long as another row holds an identity.
            try await connection.rows(PostgresQuery(unsafeSQL: Queries.endUserLock.text, binds: binds), logger: logger)
            return try await body(LockedEndUsers(connection: connection, timeout: statementTimeout, logger: logger))
        }
    }
}
