/// The operator console's reads and its requeue, each one statement of `sql/reports/console_*.sql`: a page's cost is
/// a count of these calls, whatever the tables hold.
extension OutboxStore {
    public func consoleStateCounts(limit: Int) async throws -> [ConsoleRecords.StateCount] {
        try await execute(ConsoleStatesStatement(limit: limit))
    }

    /// Seconds the oldest due row has waited past its `run_at`; nil when nothing is due.
    public func consoleOldestDueAge() async throws -> Double? {
        try await execute(ConsoleOldestDueStatement()).first ?? nil
    }

    /// The minutes of the last `minutes` that had finished attempts, oldest first.
    public func consoleMinutes(last minutes: Int) async throws -> [ConsoleRecords.Minute] {
        try await execute(ConsoleMinutesStatement(minutes: minutes))
    }

    public func consoleBudgetUse(limit: Int) async throws -> [ConsoleRecords.BudgetUse] {
        try await execute(ConsoleBudgetStatement(limit: limit))
    }

    public func consoleActiveHalts(limit: Int) async throws -> [ConsoleRecords.Halt] {
        try await execute(ConsoleActiveHaltsStatement(limit: limit))
    }

    public func consoleHalts(tenant: String?, limit: Int) async throws -> [ConsoleRecords.Halt] {
        try await execute(ConsoleHaltsStatement(tenant: tenant, limit: limit))
    }

    public func consoleDeadRows(_ filter: ConsoleRecords.DeadFilter, limit: Int) async throws -> [ConsoleRecords.DeadRow] {
        try await execute(ConsoleDeadRowsStatement(filter: filter, limit: limit))
    }

    public func consoleDeadCodes(limit: Int) async throws -> [ConsoleRecords.DeadCode] {
        try await execute(ConsoleDeadCodesStatement(limit: limit))
    }

    /// Sets the rows of `ids` that are dead back to due, with `requeue`'s rules; with `dryRun`, only counts them.
    public func consoleRequeue(ids: [Int64], dryRun: Bool) async throws -> (matched: Int, changed: Int) {
        try await requeue(.ids(ids), dryRun: dryRun)
    }

    public func consoleRow(id: Int64) async throws -> ConsoleRecords.Row? {
        try await execute(ConsoleRowStatement(id: id)).first
    }

    public func consoleAttempts(rowID: Int64, limit: Int) async throws -> [ConsoleRecords.Attempt] {
        try await execute(ConsoleRowAttemptsStatement(id: rowID, limit: limit))
    }

    public func consolePartialErrors(rowID: Int64, limit: Int) async throws -> [ConsoleRecords.PartialError] {
        try await execute(ConsoleRowPartialErrorsStatement(id: rowID, limit: limit))
    }

    public func consoleEvents(tenant: String, conversationID: Int64, limit: Int) async throws -> [ConsoleRecords.Event] {
        try await execute(ConsoleConversationEventsStatement(tenant: tenant, conversationID: conversationID, limit: limit))
    }
}
