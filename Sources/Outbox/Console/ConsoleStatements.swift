import Foundation
import PostgresNIO

/// `console_overview_states.sql`.
struct ConsoleStatesStatement: OutboxStatement {
    static let file = ConsoleQueries.overviewStates
    let limit: Int
    func bind(_ binds: inout StatementBinds) { binds.append(Int64(limit), as: "limit") }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.StateCount {
        let (tenant, state, rows) = try row.decode((String, String, Int64).self)
        return .init(tenant: tenant, state: state, rows: Int(rows))
    }
}

/// `console_overview_oldest_due.sql`.
struct ConsoleOldestDueStatement: OutboxStatement {
    static let file = ConsoleQueries.overviewOldestDue
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> Double? { try row.decode(Double?.self) }
}

/// `console_overview_minutes.sql`.
struct ConsoleMinutesStatement: OutboxStatement {
    static let file = ConsoleQueries.overviewMinutes
    let minutes: Int
    func bind(_ binds: inout StatementBinds) { binds.append(Int64(minutes), as: "minutes") }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.Minute {
        let (start, imported, requests, limited) = try row.decode((Date, Int64, Int64, Int64).self)
        return .init(start: start, imported: Int(imported), dixaRequests: Int(requests), rateLimited: Int(limited))
    }
}

/// `console_overview_budget.sql`.
struct ConsoleBudgetStatement: OutboxStatement {
    static let file = ConsoleQueries.overviewBudget
    let limit: Int
    func bind(_ binds: inout StatementBinds) { binds.append(Int64(limit), as: "limit") }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.BudgetUse {
        let (name, enabled, rate, calls, limited) = try row.decode((String, Bool, Double?, Int64, Int64).self)
        return .init(tenant: name, enabled: enabled, rateLimit: rate, requestsLastMinute: Int(calls), rateLimitedLastMinute: Int(limited))
    }
}

/// `console_active_halts.sql`.
struct ConsoleActiveHaltsStatement: OutboxStatement {
    static let file = ConsoleQueries.activeHalts
    let limit: Int
    func bind(_ binds: inout StatementBinds) { binds.append(Int64(limit), as: "limit") }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.Halt {
        let (tenant, worker, haltedAt, cause, remedy) = try row.decode((String, String, Date, String, String).self)
        return .init(tenant: tenant, worker: worker, haltedAt: haltedAt, resolvedAt: nil, cause: cause, remedy: remedy)
    }
}

/// `console_halts.sql`.
struct ConsoleHaltsStatement: OutboxStatement {
    static let file = ConsoleQueries.halts
    let tenant: String?
    let limit: Int
    func bind(_ binds: inout StatementBinds) {
        binds.append(tenant, as: "tenant")
        binds.append(Int64(limit), as: "limit")
    }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.Halt {
        let (tenant, worker, haltedAt, resolvedAt, cause, remedy) = try row.decode((String, String, Date, Date?, String, String).self)
        return .init(tenant: tenant, worker: worker, haltedAt: haltedAt, resolvedAt: resolvedAt, cause: cause, remedy: remedy)
    }
}

/// `console_dead_rows.sql`.
struct ConsoleDeadRowsStatement: OutboxStatement {
    static let file = ConsoleQueries.deadRows
    let filter: ConsoleRecords.DeadFilter
    let limit: Int
    func bind(_ binds: inout StatementBinds) {
        binds.append(filter.tenant, as: "tenant")
        binds.append(filter.errorCode, as: "error_code")
        binds.append(filter.minimumAgeMinutes, as: "min_age_minutes")
        binds.append(Int64(limit), as: "limit")
    }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.DeadRow {
        let (id, tenant, key, code, error, attempts, updated) = try row.decode((Int64, String, String, String?, String?, Int32, Date).self)
        return .init(id: id, tenant: tenant, sourceKey: key, errorCode: code, error: error, attempts: Int(attempts), diedAt: updated)
    }
}

/// `console_dead_codes.sql`.
struct ConsoleDeadCodesStatement: OutboxStatement {
    static let file = ConsoleQueries.deadCodes
    let limit: Int
    func bind(_ binds: inout StatementBinds) { binds.append(Int64(limit), as: "limit") }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.DeadCode {
        let (code, rows) = try row.decode((String, Int64).self)
        return .init(code: code, rows: Int(rows))
    }
}

/// `console_row.sql`.
struct ConsoleRowStatement: OutboxStatement {
    static let file = ConsoleQueries.row
    let id: Int64
    func bind(_ binds: inout StatementBinds) { binds.append(id, as: "id") }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.Row {
        let (id, tenant, key, kind, lane, state, attempts, maxAttempts, runAt, createdAt, updatedAt) = try row.decode(
            (Int64, String, String, String, String, String, Int32, Int32, Date, Date, Date).self
        )
        let columns = try ConsoleRowCheckpoints(row)
        return .init(
            id: id,
            tenant: tenant,
            sourceKey: key,
            kind: kind,
            lane: lane,
            state: state,
            attempts: Int(attempts),
            maxAttempts: Int(maxAttempts),
            runAt: runAt,
            createdAt: createdAt,
            updatedAt: updatedAt,
            importedAt: columns.importedAt,
            requesterID: columns.requesterID,
            importCreatedAt: columns.importCreatedAt,
            importSentAt: columns.importSentAt,
            conversationID: columns.conversationID,
            attributesDoneAt: columns.attributesDoneAt,
            transferredAt: columns.transferredAt,
            transferredQueueID: columns.transferredQueueID,
            lastErrorCode: columns.lastErrorCode,
            lastError: columns.lastError,
            transcript: columns.transcript
        )
    }
}

/// The second half of `console_row.sql`'s columns, from `imported_at` on.
private struct ConsoleRowCheckpoints {
    let importedAt: Date?
    let requesterID: UUID?
    let importCreatedAt: Date?
    let importSentAt: Date?
    let conversationID: Int64?
    let attributesDoneAt: Date?
    let transferredAt: Date?
    let transferredQueueID: UUID?
    let lastErrorCode: String?
    let lastError: String?
    let transcript: String

    init(_ row: PostgresRow) throws {
        let columns = row.makeRandomAccess()
        importedAt = try columns[11].decode(Date?.self)
        requesterID = try columns[12].decode(UUID?.self)
        importCreatedAt = try columns[13].decode(Date?.self)
        importSentAt = try columns[14].decode(Date?.self)
        conversationID = try columns[15].decode(Int64?.self)
        attributesDoneAt = try columns[16].decode(Date?.self)
        transferredAt = try columns[17].decode(Date?.self)
        transferredQueueID = try columns[18].decode(UUID?.self)
        lastErrorCode = try columns[19].decode(String?.self)
        lastError = try columns[20].decode(String?.self)
        transcript = try columns[21].decode(String.self)
    }
}

/// `console_row_attempts.sql`.
struct ConsoleRowAttemptsStatement: OutboxStatement {
    static let file = ConsoleQueries.rowAttempts
    let id: Int64
    let limit: Int
    func bind(_ binds: inout StatementBinds) {
        binds.append(id, as: "id")
        binds.append(Int64(limit), as: "limit")
    }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.Attempt {
        let (attempt, worker, started, finished, outcome, code, status, message, calls, limited) = try row.decode(
            (Int32, String, Date, Date, String, String?, Int32?, String?, Int32, Int32).self
        )
        return .init(
            attempt: Int(attempt),
            worker: worker,
            startedAt: started,
            finishedAt: finished,
            outcome: outcome,
            errorCode: code,
            httpStatus: status.map(Int.init),
            message: message,
            dixaCalls: Int(calls),
            rateLimited: Int(limited)
        )
    }
}

/// `console_row_partial_errors.sql`.
struct ConsoleRowPartialErrorsStatement: OutboxStatement {
    static let file = ConsoleQueries.rowPartialErrors
    let id: Int64
    let limit: Int
    func bind(_ binds: inout StatementBinds) {
        binds.append(id, as: "id")
        binds.append(Int64(limit), as: "limit")
    }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.PartialError {
        let (source, message, conversation, created) = try row.decode((String, String, Int64?, Date).self)
        return .init(source: source, message: message, conversationID: conversation, createdAt: created)
    }
}

/// `console_conversation_events.sql`.
struct ConsoleConversationEventsStatement: OutboxStatement {
    static let file = ConsoleQueries.conversationEvents
    let tenant: String
    let conversationID: Int64
    let limit: Int
    func bind(_ binds: inout StatementBinds) {
        binds.append(tenant, as: "tenant")
        binds.append(conversationID, as: "conversation_id")
        binds.append(Int64(limit), as: "limit")
    }
    func decode(_ row: PostgresRow) throws -> ConsoleRecords.Event {
        let (id, fqn, author, authorType, text, timestamp, received, outboxID) = try row.decode(
            (UUID, String, String?, String?, String?, Date?, Date, Int64?).self
        )
        return .init(
            eventID: id,
            eventFQN: fqn,
            authorName: author,
            authorType: authorType,
            text: text,
            eventTimestamp: timestamp,
            receivedAt: received,
            outboxID: outboxID
        )
    }
}
