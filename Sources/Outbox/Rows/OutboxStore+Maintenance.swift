import PostgresNIO

/// Which dead rows `requeue` selects.
public enum RequeueSelection: Sendable, Equatable {
    case sourceKey(String)
    case errorCode(String)
    case allDead
    /// The rows of these ids that are dead (the console's selection).
    case ids([Int64])
}

extension OutboxStore {
    /// Sets the selected dead rows (of `tenant`, or of every tenant) back to due with attempts reset; with `dryRun`,
    /// only counts them. Returns how many rows matched and how many changed.
    public func requeue(_ selection: RequeueSelection, tenant: String? = nil, dryRun: Bool) async throws -> (matched: Int, changed: Int) {
        try await execute(RequeueStatement(selection: selection, dryRun: dryRun, tenant: tenant)).first ?? (0, 0)
    }

    /// Deletes imported rows older than `age`, `batchSize` at a time, so no statement holds many locks; returns
    /// how many it deleted. Dead rows are never touched.
    public func prune(importedBefore age: Duration, batchSize: Int = 1000) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await execute(PruneStatement(age: age, batchSize: batchSize)).count
            total += deleted
            if deleted < batchSize { return total }
        }
    }

    /// The custom-attribute keys used by `tenant`'s rows still to be imported.
    public func pendingAttributeKeys(tenant: String = Tenants.defaultName) async throws -> [String] {
        try await execute(PendingAttributeKeysStatement(tenant: tenant))
    }
}
