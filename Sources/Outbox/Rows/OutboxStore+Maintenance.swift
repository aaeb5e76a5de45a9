import PostgresNIO

/// Which dead rows `requeue` selects.
public enum RequeueSelection: Sendable, Equatable {
    case sourceKey(String)
    case errorCode(String)
    case allDead
}

extension OutboxStore {
    /// Sets the selected dead rows back to due with attempts reset; with `dryRun`, only counts them.
    /// Returns how many rows matched and how many changed.
    public func requeue(_ selection: RequeueSelection, dryRun: Bool) async throws -> (matched: Int, changed: Int) {
        var binds = PostgresBindings()
        switch selection {
        case .sourceKey(let key):
            binds.append(key)
            binds.appendNull()
            binds.append(false)
        case .errorCode(let code):
            binds.appendNull()
            binds.append(code)
            binds.append(false)
        case .allDead:
            binds.appendNull()
            binds.appendNull()
            binds.append(true)
        }
        binds.append(dryRun)
        let rows = try await self.rows(PostgresQuery(unsafeSQL: Queries.requeue.text, binds: binds))
        for (matched, changed, _) in try rows.map({ try $0.decode((Int64, Int64, String).self) }) {
            return (Int(matched), Int(changed))
        }
        return (0, 0)
    }

    /// Deletes imported rows older than `age`, `batchSize` at a time, so no statement holds many locks; returns
    /// how many it deleted. Dead rows are never touched.
    public func prune(importedBefore age: Duration, batchSize: Int = 1000) async throws -> Int {
        var total = 0
        while true {
            var binds = PostgresBindings()
            binds.append(milliseconds: age)
            binds.append(Int64(batchSize))
            let deleted = try await execute(Queries.prune, binds).count
            total += deleted
            if deleted < batchSize { return total }
        }
    }

    /// The custom-attribute keys used by rows still to be imported.
    public func pendingAttributeKeys() async throws -> [String] {
        let rows = try await self.rows(PostgresQuery(unsafeSQL: Queries.pendingAttributeKeys.text))
        var keys: [String] = []
        for key in try rows.map({ try $0.decode(String.self) }) { keys.append(key) }
        return keys
    }
}
