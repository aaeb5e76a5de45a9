import PostgresNIO

/// `rate_budget_reserve.sql`: the next request slot of a budget (GCRA); the milliseconds to wait for it.
struct RateBudgetReserveStatement: OutboxStatement {
    static let file = Queries.rateBudgetReserve
    static let runsPrepared = true
    let budget: String
    let interval: Duration
    let tolerance: Duration

    func bind(_ binds: inout StatementBinds) {
        binds.append(budget, as: "budget_key")
        binds.append(interval.fractionalMilliseconds, as: "interval_ms")
        binds.append(tolerance.fractionalMilliseconds, as: "tolerance_ms")
    }

    func decode(_ row: PostgresRow) throws -> (waitMilliseconds: Double, reckonedAtMilliseconds: Double) {
        let (wait, reckonedAt) = try row.decode((Double, Double).self)
        return (wait, reckonedAt)
    }
}

/// `rate_budget_pause.sql`: after a 429, no request of the budget starts within `pause`.
struct RateBudgetPauseStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.rateBudgetPause
    let budget: String
    let pause: Duration
    let tolerance: Duration

    func bind(_ binds: inout StatementBinds) {
        binds.append(budget, as: "budget_key")
        binds.append(pause.fractionalMilliseconds, as: "pause_ms")
        binds.append(tolerance.fractionalMilliseconds, as: "tolerance_ms")
    }
}

extension Duration {
    /// In (fractional) milliseconds, the unit the budget statements take.
    var fractionalMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
