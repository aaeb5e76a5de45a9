import Foundation
import PostgresNIO

/// A tenant's work not yet finished, which keeps `tenants remove` from removing it.
public struct TenantUnfinishedWork: Sendable, Equatable {
    public let rows: Int
    public let reopenRequests: Int
    public var isEmpty: Bool { rows == 0 && reopenRequests == 0 }
}

extension OutboxStore {
    /// Every tenant, 'default' first, with its rows waiting (`tenants list`).
    public func tenants() async throws -> [StoredTenant] {
        try await execute(TenantListStatement())
    }

    /// The enabled tenants, for a worker that reads them every few seconds: nothing counted (`waiting` is 0).
    public func enabledTenants() async throws -> [StoredTenant] {
        try await execute(TenantRosterStatement())
    }

    /// Whether the tenant has rows pending or running.
    public func hasUnfinishedRows(tenant name: String) async throws -> Bool {
        try await execute(TenantHasUnfinishedRowsStatement(name: name)).first ?? false
    }

    /// Stores a new tenant; false when one of that name exists. From the second tenant on, source keys are unique per
    /// tenant only, so the constraint on source_key alone goes, in the same transaction (and only once: both changes
    /// lock dixa_outbox).
    public func addTenant(_ record: TenantRecord) async throws -> Bool {
        try await transaction { connection in
            let added = try await execute(TenantAddStatement(record: record), on: connection, timeout: statementTimeout)
            guard !added.isEmpty else { return false }
            let shared = try await execute(TenantSourceKeysSharedStatement(), on: connection, timeout: statementTimeout).first ?? false
            if !shared {
                _ = try await execute(TenantUniquePerTenantStatement(), on: connection, timeout: nil)
                _ = try await execute(TenantAllowSharedSourceKeysStatement(), on: connection, timeout: statementTimeout)
            }
            return true
        }
    }

    /// Changes what `record` gives of a stored tenant, and sets its optional settings named in `clearing`
    /// (`queue-id`, `dixa-base-url`, `rate-limit`, `burst`) back to none, in one transaction; false when there is no
    /// such stored tenant.
    public func updateTenant(_ record: TenantRecord, clearing settings: [String] = []) async throws -> Bool {
        try await transaction { connection in
            guard try await !execute(TenantUpdateStatement(record: record), on: connection, timeout: statementTimeout).isEmpty else {
                return false
            }
            if !settings.isEmpty {
                _ = try await execute(TenantClearStatement(name: record.name, settings: settings), on: connection, timeout: statementTimeout)
            }
            return true
        }
    }

    /// Enables or disables a tenant; false when there is no such tenant.
    public func setTenantEnabled(_ name: String, _ enabled: Bool) async throws -> Bool {
        try await !execute(TenantSetEnabledStatement(name: name, enabled: enabled)).isEmpty
    }

    /// What of the tenant's work is unfinished.
    public func unfinishedWork(ofTenant name: String) async throws -> TenantUnfinishedWork {
        try await execute(TenantActiveRowsStatement(name: name)).first ?? TenantUnfinishedWork(rows: 0, reopenRequests: 0)
    }

    /// Removes a stored tenant that has no unfinished work; false when it has some, or does not exist.
    public func removeTenant(_ name: String) async throws -> Bool {
        try await !execute(TenantRemoveStatement(name: name)).isEmpty
    }

    /// Seals every secret anew in one transaction: `reseal` gets each and returns its new sealed bytes, or throws, which
    /// leaves every secret as it was. Returns how many secrets it resealed.
    public func resealSecrets(_ reseal: @Sendable (SealedItem) throws -> [UInt8]) async throws -> Int {
        try await transaction { connection in
            let tokens = try await execute(TenantTokensForRotationStatement(), on: connection, timeout: statementTimeout)
            let webhooks = try await execute(WebhookSecretsForRotationStatement(), on: connection, timeout: statementTimeout).compactMap { $0 }
            for item in tokens + webhooks {
                let sealed = try reseal(item)
                switch item {
                case .tenantToken(let tenant, _):
                    _ = try await execute(TenantResealStatement(name: tenant, sealed: sealed), on: connection, timeout: statementTimeout)
                case .webhookSecret(let id, _, _):
                    _ = try await execute(WebhookSecretResealStatement(id: id, sealed: sealed), on: connection, timeout: statementTimeout)
                }
            }
            return tokens.count + webhooks.count
        }
    }
}
