import Outbox

/// What the worker does with the rows it claims. The worker owns claiming, leases, concurrency, shutdown and the
/// write-back; the handler decides each row's outcome. `RowProcessor` is the production handler; `dixa-bench`
/// supplies one that never calls Dixa, to measure what the queue itself costs.
public protocol RowHandler: Sendable {
    /// The work a whole claimed batch shares (step 4), done before its rows go one by one. A row missing from the
    /// answer does everything on its own.
    func prepare(_ rows: [ClaimedRow]) async -> [Int64: PreparedRow]
    /// Works one row to its outcome (steps 5 to 12). It must not throw: every failure is a decision.
    func decide(_ row: ClaimedRow, prepared: PreparedRow?) async -> RowDecision
}
