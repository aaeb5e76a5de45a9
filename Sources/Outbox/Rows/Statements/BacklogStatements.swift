import Foundation
import PostgresNIO

/// `backlog_gauges.sql`: rows due now, and the age in seconds of the oldest due one.
struct BacklogGaugesStatement: OutboxStatement {
    static let file = Queries.backlogGauges
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> (due: Int, oldestDueAge: Double) {
        let (due, age) = try row.decode((Int64, Double).self)
        return (Int(due), age)
    }
}

/// `due_count.sql`: how many rows are due now.
struct DueCountStatement: OutboxStatement {
    static let file = Queries.dueCount
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> Int { Int(try row.decode(Int64.self)) }
}

/// `next_due.sql`: when the next row falls due; nil when nothing waits.
struct NextDueStatement: OutboxStatement {
    static let file = Queries.nextDue
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> Date? { try row.decode(Date?.self) }
}

/// `state_counts.sql`: rows per state, every state listed.
struct StateCountsStatement: OutboxStatement {
    static let file = Queries.stateCounts
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> (state: String, count: Int) {
        let (state, count) = try row.decode((String, Int64).self)
        return (state, Int(count))
    }
}
