import Foundation
import PostgresNIO

/// `enqueue.sql`: the chatbot's own INSERT; a row back only when it was new.
struct EnqueueStatement: OutboxStatement {
    static let file = Queries.enqueue
    let tenant: String
    let sourceKey: String
    let kind: String
    let transcriptJSON: String
    var lane = "live"

    func bind(_ binds: inout StatementBinds) {
        binds.append(tenant, as: "tenant")
        binds.append(sourceKey, as: "source_key")
        binds.append(kind, as: "kind")
        binds.append(transcriptJSON, as: "transcript")
        binds.append(lane, as: "lane")
    }

    func decode(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
}

/// `requeue.sql`: dead rows back to due; one of the four selections is set.
struct RequeueStatement: OutboxStatement {
    static let file = Queries.requeue
    let selection: RequeueSelection
    let dryRun: Bool
    let tenant: String?

    func bind(_ binds: inout StatementBinds) {
        var sourceKey: String?
        var errorCode: String?
        if case .sourceKey(let key) = selection { sourceKey = key }
        var ids: [Int64]?
        if case .errorCode(let code) = selection { errorCode = code }
        if case .ids(let selected) = selection { ids = selected }
        binds.append(sourceKey, as: "source_key")
        binds.append(errorCode, as: "error_code")
        binds.append(selection == .allDead, as: "all_dead")
        binds.append(dryRun, as: "dry_run")
        binds.append(tenant, as: "tenant")
        binds.append(ids, as: "ids")
    }

    func decode(_ row: PostgresRow) throws -> (matched: Int, changed: Int) {
        let (matched, changed, _) = try row.decode((Int64, Int64, String).self)
        return (Int(matched), Int(changed))
    }
}

/// `prune.sql`: up to `batchSize` imported rows older than `age`; a row back per row deleted.
struct PruneStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.prune
    let age: Duration
    let batchSize: Int

    func bind(_ binds: inout StatementBinds) {
        binds.append(milliseconds: age, as: "age_ms")
        binds.append(Int64(batchSize), as: "limit")
    }
}

/// `pending_attribute_keys.sql`: the custom-attribute keys `tenant`'s rows still to be imported use.
struct PendingAttributeKeysStatement: OutboxStatement {
    static let file = Queries.pendingAttributeKeys
    let tenant: String
    func bind(_ binds: inout StatementBinds) { binds.append(tenant, as: "tenant") }
    func decode(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// `resolve_halts.sql`: the tenant's halts are over.
struct ResolveHaltsStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.resolveHalts
    let tenant: String
    func bind(_ binds: inout StatementBinds) { binds.append(tenant, as: "tenant") }
}

/// `record_halt.sql`: a configuration halt, for the `halts` report.
struct RecordHaltStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.recordHalt
    let worker: String
    let tenant: String
    let cause: String
    let remedy: String

    func bind(_ binds: inout StatementBinds) {
        binds.append(worker, as: "worker")
        binds.append(tenant, as: "tenant")
        binds.append(cause, as: "cause")
        binds.append(remedy, as: "remedy")
    }
}
