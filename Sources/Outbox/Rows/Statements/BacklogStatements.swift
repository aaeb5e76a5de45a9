import Foundation
import PostgresNIO

/// `backlog_gauges.sql`: per tenant, rows due now and the age in seconds of the oldest due one.
struct BacklogGaugesStatement: OutboxStatement {
    static let file = Queries.backlogGauges
    func bind(_ binds: inout StatementBinds) {}
    func decode(_ row: PostgresRow) throws -> TenantBacklog {
        let (tenant, due, age) = try row.decode((String, Int64, Double).self)
        return TenantBacklog(tenant: tenant, due: Int(due), oldestDueAge: age)
    }
}

/// `due_count.sql`: how many rows of `tenants` are due now.
struct DueCountStatement: OutboxStatement {
    static let file = Queries.dueCount
    let tenants: [String]
    func bind(_ binds: inout StatementBinds) { binds.append(tenants, as: "tenants") }
    func decode(_ row: PostgresRow) throws -> Int { Int(try row.decode(Int64.self)) }
}

/// `next_due.sql`: when the next row of `tenants` falls due; nil when nothing waits.
struct NextDueStatement: OutboxStatement {
    static let file = Queries.nextDue
    let tenants: [String]
    func bind(_ binds: inout StatementBinds) { binds.append(tenants, as: "tenants") }
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
