import Foundation
import PostgresNIO

extension OutboxStore {
    /// `tenant`'s cached end user of each identity that has one, in one statement. End users are per organisation:
    /// another tenant's end user with the same email is never returned.
    public func cachedEndUsers(tenant: String = Tenants.defaultName, for identities: [EndUserIdentity]) async throws -> [EndUserIdentity: UUID] {
        guard !identities.isEmpty else { return [:] }
        return EndUserLookupStatement.found(try await execute(EndUserLookupStatement(tenant: tenant, identities: identities)))
    }

    /// Each tenant's cached end users of its identities in `lookups`, in one statement for every tenant: what
    /// `cachedEndUsers(tenant:for:)` answers for each, never another tenant's end user.
    public func cachedEndUsers(of lookups: [String: Set<EndUserIdentity>]) async throws -> [String: [EndUserIdentity: UUID]] {
        let pairs = lookups.flatMap { tenant, identities in identities.map { (tenant: tenant, identity: $0) } }
        guard !pairs.isEmpty else { return [:] }
        var found: [String: [EndUserIdentity: UUID]] = [:]
        for case let (tenant, identity, requester)? in try await execute(EndUserLookupAcrossTenantsStatement(lookups: pairs)) {
            found[tenant, default: [:]][identity] = requester
        }
        return found
    }

    /// `tenant`'s cached Dixa end user for the first identity, in the given order, that has one.
    public func cachedEndUser(tenant: String = Tenants.defaultName, for identities: [EndUserIdentity]) async throws -> UUID? {
        identities.firstCached(in: try await cachedEndUsers(tenant: tenant, for: identities))
    }

    /// Caches every identity of `tenant` as pointing to `requesterID`.
    public func cacheEndUser(tenant: String = Tenants.defaultName, _ requesterID: UUID, for identities: [EndUserIdentity]) async throws {
        _ = try await execute(EndUserStoreStatement(tenant: tenant, requesterID: requesterID, identities: identities))
    }

    /// Drops every cached identity of `tenant` pointing to `requesterID`, after Dixa said it does not exist.
    public func forgetEndUser(tenant: String = Tenants.defaultName, _ requesterID: UUID) async throws {
        _ = try await execute(EndUserForgetStatement(tenant: tenant, requesterID: requesterID))
    }

    /// Runs `body` while holding a transaction-scoped advisory lock on each identity, so that no other
    /// worker, in this process or another, resolves the same requester at the same time.
    ///
    /// `body` reads and writes the cache through `LockedEndUsers`, on the connection that holds the locks: needing a
    /// second pooled connection while holding one would wait for ever once every connection is held that way. For
    /// the same reason the Dixa requests `body` makes reserve their budget slots on a pool of their own
    /// (`RateBudgetStore`), never on this one.
    public func withEndUserLock<Result: Sendable>(
        tenant: String = Tenants.defaultName,
        _ identities: [EndUserIdentity],
        _ body: @Sendable (LockedEndUsers) async throws -> Result
    ) async throws -> Result {
        try await transaction { connection in
            // No statement timeout on this one: it waits, rightly, for as long as another row holds an identity.
            _ = try await execute(EndUserLockStatement(tenant: tenant, identities: identities), on: connection, timeout: nil)
            return try await body(LockedEndUsers(store: self, tenant: tenant, connection: connection))
        }
    }
}
