import PostgresNIO

/// `reopen_claim.sql`: up to `limit` due reopen requests.
struct ReopenClaimStatement: OutboxStatement {
    static let file = Queries.reopenClaim
    static let runsPrepared = true
    let limit: Int
    let lease: Duration
    let tenants: [String]

    func bind(_ binds: inout StatementBinds) {
        binds.append(Int64(limit), as: "limit")
        binds.append(milliseconds: lease, as: "lease_ms")
        binds.append(tenants, as: "tenants")
    }

    func decode(_ row: PostgresRow) throws -> ReopenRequest {
        let (id, tenant, conversation, attempts) = try row.decode((Int64, String, Int64, Int32).self)
        return ReopenRequest(id: id, tenant: tenant, conversationID: conversation, attempts: Int(attempts))
    }
}

/// `reopen_finish.sql`: a reopen request's outcome.
struct ReopenFinishStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.reopenFinish
    let id: Int64
    let outcome: ReopenOutcome

    func bind(_ binds: inout StatementBinds) {
        let (state, error, delay): (String, String?, Duration) =
            switch outcome {
            case .done: ("done", nil, .zero)
            case .retry(let delay, let error): ("pending", error, delay)
            case .dead(let error): ("dead", error, .zero)
            }
        binds.append(id, as: "id")
        binds.append(state, as: "state")
        binds.append(error, as: "last_error")
        binds.append(milliseconds: delay, as: "delay_ms")
    }
}
