import Foundation
import PostgresNIO

/// `end_user_lookup_many.sql`: the cached end user of each identity that has one.
struct EndUserLookupStatement: OutboxStatement {
    static let file = Queries.endUserLookupMany
    static let runsPrepared = true
    let tenant: String
    let identities: [EndUserIdentity]

    func bind(_ binds: inout StatementBinds) {
        binds.append(tenant, as: "tenant")
        binds.append(identities.map(\.kind.rawValue), as: "kinds")
        binds.append(identities.map(\.value), as: "values")
    }

    func decode(_ row: PostgresRow) throws -> (identity: EndUserIdentity, requesterID: UUID)? {
        let (kind, value, requester) = try row.decode((String, String, UUID).self)
        // Values come back exactly as stored, which is already normalised.
        guard let kind = EndUserIdentity.Kind(rawValue: kind), let identity = EndUserIdentity(kind, value) else { return nil }
        return (identity, requester)
    }

    /// The rows as a lookup table.
    static func found(_ rows: [Row]) -> [EndUserIdentity: UUID] {
        var found: [EndUserIdentity: UUID] = [:]
        for case let (identity, requester)? in rows { found[identity] = requester }
        return found
    }
}

/// `end_user_lookup_tenants.sql`: the cached end users of many tenants' identities at once.
struct EndUserLookupAcrossTenantsStatement: OutboxStatement {
    static let file = Queries.endUserLookupTenants
    static let runsPrepared = true
    let lookups: [(tenant: String, identity: EndUserIdentity)]

    func bind(_ binds: inout StatementBinds) {
        binds.append(lookups.map(\.tenant), as: "tenants")
        binds.append(lookups.map(\.identity.kind.rawValue), as: "kinds")
        binds.append(lookups.map(\.identity.value), as: "values")
    }

    func decode(_ row: PostgresRow) throws -> (tenant: String, identity: EndUserIdentity, requesterID: UUID)? {
        let (tenant, kind, value, requester) = try row.decode((String, String, String, UUID).self)
        guard let kind = EndUserIdentity.Kind(rawValue: kind), let identity = EndUserIdentity(kind, value) else { return nil }
        return (tenant, identity, requester)
    }
}

/// `end_user_store.sql`: every identity → `requesterID`.
struct EndUserStoreStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.endUserStore
    let tenant: String
    let requesterID: UUID
    let identities: [EndUserIdentity]

    func bind(_ binds: inout StatementBinds) {
        binds.append(tenant, as: "tenant")
        binds.append(identities.map(\.kind.rawValue), as: "kinds")
        binds.append(identities.map(\.value), as: "values")
        binds.append(requesterID, as: "requester_id")
    }
}

/// `end_user_forget.sql`: drops every identity pointing to an end user Dixa no longer knows.
struct EndUserForgetStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.endUserForget
    let tenant: String
    let requesterID: UUID

    func bind(_ binds: inout StatementBinds) {
        binds.append(tenant, as: "tenant")
        binds.append(requesterID, as: "requester_id")
    }
}

/// `end_user_lock.sql`: transaction-scoped advisory locks on every identity, in sorted order.
struct EndUserLockStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.endUserLock
    let tenant: String
    let identities: [EndUserIdentity]

    func bind(_ binds: inout StatementBinds) {
        binds.append(tenant, as: "tenant")
        binds.append(identities.map { "\($0.kind.rawValue):\($0.value)" }, as: "identities")
    }
}
