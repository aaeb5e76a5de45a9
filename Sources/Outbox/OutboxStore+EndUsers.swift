import Foundation
import PostgresNIO

/// One way the chatbot identifies a requester, normalised the way the cache keys it.
public struct EndUserIdentity: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case email
        case phone
        case externalId
    }
    public let kind: Kind
    public let value: String

    /// Normalises `raw`: trimmed of ASCII whitespace (as the CHECK constraint trims it), and lowercased for
    /// email. Returns nil when nothing is left.
    public init?(_ kind: Kind, _ raw: String?) {
        guard let raw else { return nil }
        let trimmed = String(Blank.trimmed(raw))
        guard !trimmed.isEmpty else { return nil }
        self.kind = kind
        self.value = kind == .email ? trimmed.lowercased() : trimmed
    }
}

extension OutboxStore {
    /// The cached Dixa end user for the first identity that has one.
    public func cachedEndUser(for identities: [EndUserIdentity]) async throws -> UUID? {
        for identity in identities {
            var binds = PostgresBindings()
            binds.append(identity.kind.rawValue)
            binds.append(identity.value)
            let rows = try await self.rows(PostgresQuery(unsafeSQL: Queries.endUserLookup.text, binds: binds))
            for id in try rows.map({ try $0.decode(UUID.self) }) {
                return id
            }
        }
        return nil
    }

    /// Caches every identity as pointing to `requesterID`.
    public func cacheEndUser(_ requesterID: UUID, for identities: [EndUserIdentity]) async throws {
        for identity in identities {
            var binds = PostgresBindings()
            binds.append(identity.kind.rawValue)
            binds.append(identity.value)
            binds.append(requesterID)
            _ = try await execute(Queries.endUserStore, binds)
        }
    }

    /// Drops every cached identity pointing to `requesterID`, after Dixa said it does not exist.
    public func forgetEndUser(_ requesterID: UUID) async throws {
        var binds = PostgresBindings()
        binds.append(requesterID)
        _ = try await execute(Queries.endUserForget, binds)
    }
}

extension OutboxStore {
    /// Runs `body` while holding a transaction-scoped advisory lock on each identity, so that no other
    /// worker, in this process or another, resolves the same requester at the same time.
    public func withEndUserLock<Result: Sendable>(
        _ identities: [EndUserIdentity],
        _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        try await transaction { connection in
            for key in Set(identities.map { "\($0.kind.rawValue):\($0.value)" }).sorted() {
                var binds = PostgresBindings()
                binds.append(key)
                try await connection.rows(PostgresQuery(unsafeSQL: Queries.endUserLock.text, binds: binds), logger: logger)
            }
            return try await body()
        }
    }
}
