import Outbox

/// What the worker does with the rows it claims. The worker owns claiming, leases, concurrency, shutdown and the
/// write-back; the handler decides each row's outcome. `RowProcessor` is the production handler; `dixa-bench`
/// supplies one that never calls Dixa, to measure what the queue itself costs.
public protocol RowHandler: Sendable {
    /// Step 4 for this handler's rows of a claimed batch, worked out from the rows alone. The worker then runs the
    /// statements the batch shares once for all its tenants (`BatchPreparer`). A row that is not a candidate does
    /// everything on its own.
    func preparation(of rows: [ClaimedRow]) -> BatchPreparation
    /// Works one row to its outcome (steps 5 to 12). It must not throw: every failure is a decision.
    func decide(_ row: ClaimedRow, prepared: PreparedRow?) async -> RowDecision
}
