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

    /// Normalises `raw`: trimmed of ASCII whitespace (as the outbox check trims it), and lowercased for
    /// email. Returns nil when nothing is left.
    public init?(_ kind: Kind, _ raw: String?) {
        guard let raw else { return nil }
        let trimmed = String(Blank.trimmed(raw))
        guard !trimmed.isEmpty else { return nil }
        self.kind = kind
        self.value = kind == .email ? trimmed.lowercased() : trimmed
    }
}

extension [EndUserIdentity] {
    /// The end user of the first of these identities, in their order, that `cached` knows.
    public func firstCached(in cached: [EndUserIdentity: UUID]) -> UUID? {
        lazy.compactMap { cached[$0] }.first
    }
}

extension OutboxStore {
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

/// The end-user cache's statements, shared by the pooled and the locked paths.
enum EndUserStatements {
    static func lookupBinds(_ identities: [EndUserIdentity]) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(identities.map(\.kind.rawValue))
        binds.append(identities.map(\.value))
        return binds
    }

    static func lookup(_ identities: [EndUserIdentity]) -> PostgresQuery {
        PostgresQuery(unsafeSQL: Queries.endUserLookupMany.text, binds: lookupBinds(identities))
    }

    static func store(_ requesterID: UUID, _ identities: [EndUserIdentity]) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(identities.map(\.kind.rawValue))
        binds.append(identities.map(\.value))
        binds.append(requesterID)
        return PostgresQuery(unsafeSQL: Queries.endUserStore.text, binds: binds)
    }

    static func decode(_ rows: [PostgresRow]) throws -> [EndUserIdentity: UUID] {
        var found: [EndUserIdentity: UUID] = [:]
        for (kind, value, requester) in try rows.map({ try $0.decode((String, String, UUID).self) }) {
            // Values come back exactly as stored, which is already normalised.
            if let kind = EndUserIdentity.Kind(rawValue: kind), let identity = EndUserIdentity(kind, value) { found[identity] = requester }
        }
        return found
    }
}
