import Foundation
import PostgresNIO

/// `tenant_list.sql`: every tenant, 'default' first.
struct TenantListStatement: OutboxStatement {
    static let file = Queries.tenantList
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> StoredTenant {
        let (name, enabled, agent, queue, baseURL, rate, burst, sealed, updatedAt, waiting) = try row.decode(
            (String, Bool, UUID?, UUID?, String?, Double?, Int32?, ByteBuffer?, Date, Int64).self
        )
        return StoredTenant(
            name: name,
            enabled: enabled,
            agentID: agent,
            queueID: queue,
            baseURL: baseURL,
            rateLimit: rate,
            burst: burst.map(Int.init),
            tokenSealed: sealed.map { Array(buffer: $0) },
            updatedAt: updatedAt,
            waiting: Int(waiting)
        )
    }
}

/// `tenant_roster.sql`: the enabled tenants, without counts (`waiting` is 0).
struct TenantRosterStatement: OutboxStatement {
    static let file = Queries.tenantRoster
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> StoredTenant {
        let (name, agent, queue, baseURL, rate, burst, sealed, updatedAt) = try row.decode(
            (String, UUID?, UUID?, String?, Double?, Int32?, ByteBuffer?, Date).self
        )
        return StoredTenant(
            name: name,
            enabled: true,
            agentID: agent,
            queueID: queue,
            baseURL: baseURL,
            rateLimit: rate,
            burst: burst.map(Int.init),
            tokenSealed: sealed.map { Array(buffer: $0) },
            updatedAt: updatedAt,
            waiting: 0
        )
    }
}

/// `tenant_has_unfinished_rows.sql`: whether the tenant has rows pending or running.
struct TenantHasUnfinishedRowsStatement: OutboxStatement {
    static let file = Queries.tenantHasUnfinishedRows
    let name: String
    func bind(_ binds: inout StatementBinds) { binds.append(name, as: "name") }
    func decode(_ row: PostgresRow) throws -> Bool { try row.decode(Bool.self) }
}

/// `tenant_add.sql` and `tenant_update.sql` bind the same parameters in the same order.
private func bindRecord(_ record: TenantRecord, _ binds: inout StatementBinds) {
    binds.append(record.name, as: "name")
    binds.append(record.agentID, as: "agent_id")
    binds.append(record.queueID, as: "queue_id")
    binds.append(record.baseURL, as: "base_url")
    binds.append(record.rateLimit, as: "rate_limit")
    binds.append(record.burst.map(Int32.init), as: "burst")
    binds.append(record.tokenSealed.map { ByteBuffer(bytes: $0) }, as: "token_sealed")
}

/// `tenant_add.sql`: a row back when the tenant was new.
struct TenantAddStatement: OutboxStatement {
    static let file = Queries.tenantAdd
    let record: TenantRecord
    func bind(_ binds: inout StatementBinds) { bindRecord(record, &binds) }
    func decode(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// `tenant_update.sql`: a row back when the stored tenant exists.
struct TenantUpdateStatement: OutboxStatement {
    static let file = Queries.tenantUpdate
    let record: TenantRecord
    func bind(_ binds: inout StatementBinds) { bindRecord(record, &binds) }
    func decode(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// `tenant_clear.sql`: optional settings back to none; a row back when the stored tenant exists.
struct TenantClearStatement: OutboxStatement {
    static let file = Queries.tenantClear
    let name: String
    let settings: [String]
    func bind(_ binds: inout StatementBinds) {
        binds.append(name, as: "name")
        binds.append(settings, as: "settings")
    }
    func decode(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// `tenant_set_enabled.sql`: a row back when the tenant exists.
struct TenantSetEnabledStatement: OutboxStatement {
    static let file = Queries.tenantSetEnabled
    let name: String
    let enabled: Bool
    func bind(_ binds: inout StatementBinds) {
        binds.append(name, as: "name")
        binds.append(enabled, as: "enabled")
    }
    func decode(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// `tenant_active_rows.sql`: the tenant's outbox rows and reopen requests not yet finished.
struct TenantActiveRowsStatement: OutboxStatement {
    static let file = Queries.tenantActiveRows
    let name: String
    func bind(_ binds: inout StatementBinds) { binds.append(name, as: "name") }
    func decode(_ row: PostgresRow) throws -> TenantUnfinishedWork {
        let (rows, reopens) = try row.decode((Int64, Int64).self)
        return TenantUnfinishedWork(rows: Int(rows), reopenRequests: Int(reopens))
    }
}

/// `tenant_remove.sql`: a row back when the tenant was removed.
struct TenantRemoveStatement: OutboxStatement {
    static let file = Queries.tenantRemove
    let name: String
    func bind(_ binds: inout StatementBinds) { binds.append(name, as: "name") }
    func decode(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// `tenant_unique_per_tenant.sql`: the unique index on (tenant, source_key).
struct TenantUniquePerTenantStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.tenantUniquePerTenant
    func bind(_ binds: inout StatementBinds) {}
}

/// `tenant_source_keys_shared.sql`: whether source keys are unique per tenant only already.
struct TenantSourceKeysSharedStatement: OutboxStatement {
    static let file = Queries.tenantSourceKeysShared
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> Bool { try row.decode(Bool.self) }
}

/// `tenant_allow_shared_source_keys.sql`: source keys unique per tenant only, from the second tenant on.
struct TenantAllowSharedSourceKeysStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.tenantAllowSharedSourceKeys
    func bind(_ binds: inout StatementBinds) {}
}

/// `tenant_tokens_for_rotation.sql`: every sealed token, locked.
struct TenantTokensForRotationStatement: OutboxStatement {
    static let file = Queries.tenantTokensForRotation
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> SealedItem {
        let (name, sealed) = try row.decode((String, ByteBuffer).self)
        return .tenantToken(tenant: name, sealed: Array(buffer: sealed))
    }
}

/// `tenant_reseal.sql`: a tenant's token sealed anew.
struct TenantResealStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.tenantReseal
    let name: String
    let sealed: [UInt8]
    func bind(_ binds: inout StatementBinds) {
        binds.append(name, as: "name")
        binds.append(ByteBuffer(bytes: sealed), as: "token_sealed")
    }
}

/// `webhook_secrets_for_rotation.sql`: every subscription's secret, locked.
struct WebhookSecretsForRotationStatement: OutboxStatement {
    static let file = Queries.webhookSecretsForRotation
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> SealedItem? {
        let (id, tenant, plain, sealed) = try row.decode((UUID, String, String?, ByteBuffer?).self)
        return StoredSecret(plain: plain, sealed: sealed).map { .webhookSecret(subscriptionID: id, tenant: tenant, secret: $0) }
    }
}

/// `webhook_secret_reseal.sql`: a subscription's secret sealed anew.
struct WebhookSecretResealStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.webhookSecretReseal
    let id: UUID
    let sealed: [UInt8]
    func bind(_ binds: inout StatementBinds) {
        binds.append(id, as: "id")
        binds.append(ByteBuffer(bytes: sealed), as: "secret_sealed")
    }
}
