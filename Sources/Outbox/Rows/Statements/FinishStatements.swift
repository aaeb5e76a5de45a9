import Foundation
import PostgresNIO

/// `complete.sql`: imported, with the attempt logged.
struct CompleteStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.complete
    static let runsPrepared = true
    let lease: Lease
    let attempt: AttemptRecord

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.appendStart(of: attempt)
        binds.append(Int32(clamping: attempt.rateLimited), as: "rate_limited")
    }
}

/// `complete_many.sql`: many rows imported in one statement; returns the rows whose lease held.
struct CompleteManyStatement: OutboxStatement {
    static let file = Queries.completeMany
    static let runsPrepared = true
    let rows: [ImportedRow]
    let worker: String

    func bind(_ binds: inout StatementBinds) {
        binds.append(rows.map(\.lease.rowID), as: "ids")
        binds.append(rows.map(\.lease.token), as: "lease_tokens")
        // The statement reads 0 as "already checkpointed": Dixa's conversation ids are positive.
        binds.append(rows.map { $0.unrecordedConversationID ?? 0 }, as: "conversation_ids")
        binds.append(rows.map(\.startedAt), as: "started_ats")
        binds.append(rows.map { Int32($0.dixaCalls) }, as: "dixa_calls")
        binds.append(worker, as: "worker")
        binds.append(rows.map { Int32(clamping: $0.rateLimited) }, as: "rate_limited")
    }

    func decode(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
}

/// `retry.sql`: due again after `delay`, the failed attempt logged.
struct RetryStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.retry
    static let runsPrepared = true
    let lease: Lease
    let attempt: AttemptRecord
    let delay: Duration

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.appendStart(of: attempt)
        binds.append(attempt.errorCode, as: "error_code")
        binds.append(attempt.message, as: "message")
        binds.append(milliseconds: delay, as: "delay_ms")
        binds.append(attempt.httpStatus.map(Int32.init), as: "http_status")
        binds.append(Int32(clamping: attempt.rateLimited), as: "rate_limited")
    }
}

/// `dead.sql`: given up for good, with the reason.
struct DeadStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.dead
    static let runsPrepared = true
    let lease: Lease
    let attempt: AttemptRecord

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.appendStart(of: attempt)
        binds.append(attempt.errorCode, as: "error_code")
        binds.append(attempt.message, as: "message")
        binds.append(attempt.httpStatus.map(Int32.init), as: "http_status")
        binds.append(Int32(clamping: attempt.rateLimited), as: "rate_limited")
    }
}

/// `release.sql`: handed back without burning an attempt, due again after `delay`.
struct ReleaseStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.release
    static let runsPrepared = true
    let lease: Lease
    let attempt: AttemptRecord
    let delay: Duration

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.appendStart(of: attempt)
        binds.append(attempt.errorCode, as: "error_code")
        binds.append(attempt.message, as: "message")
        binds.append(milliseconds: delay, as: "delay_ms")
        binds.append(Int32(clamping: attempt.rateLimited), as: "rate_limited")
    }
}

extension StatementBinds {
    /// `$3 worker, $4 started_at, $5 dixa_calls`: how every write-back logs its attempt.
    mutating func appendStart(of attempt: AttemptRecord) {
        append(attempt.worker, as: "worker")
        append(attempt.startedAt, as: "started_at")
        append(Int32(attempt.dixaCalls), as: "dixa_calls")
    }
}
