import DixaAPI
import Outbox

/// Paces Dixa requests against a budget kept in PostgreSQL, so that every process using one API token (on one
/// machine or several) stays within the token's limit together. One small statement per request reserves the next
/// slot (GCRA, `sql/queries/rate_budget_reserve.sql`); the caller sleeps until it. A 429 pushes the shared slot
/// time past the pause, so every sharer backs off, not just the one that was refused.
///
/// The budget lives on a pool of its own (`RateBudgetStore`): a request made by a row that holds a connection never
/// needs a second one from that row's pool.
public struct SharedRequestPacer: RequestPacer {
    let budget: RateBudgetStore
    /// The budget's name in the table: a hash of the token (`DixaToken.budgetKey`), never the token.
    let key: String
    let interval: Duration
    let tolerance: Duration

    /// - Parameters:
    ///   - requestsPerSecond, burst: the token's limit (Dixa: 10 and 4).
    ///   - margin: how much of the burst is kept in hand (default: one request's share, 100 ms at 10/s). Requests
    ///     reach Dixa a little later than their slot, and by varying amounts; a request delayed less than the one
    ///     before it arrives early, as Dixa's bucket sees it. The margin absorbs that much jitter instead of costing
    ///     a 429. The sustained rate is unaffected; only the first burst after a quiet spell is one request smaller.
    public init(budget: RateBudgetStore, key: String, requestsPerSecond: Double, burst: Int, margin: Duration? = nil) {
        precondition(requestsPerSecond > 0 && burst >= 1, "a request budget needs a positive rate and a burst of at least 1")
        self.budget = budget
        self.key = key
        let interval = Duration.microseconds(Int64((1_000_000 / requestsPerSecond).rounded()))
        self.interval = interval
        let margin = margin ?? interval
        self.tolerance = max(.zero, interval * (burst - 1) - margin)
    }

    public func acquire() async throws {
        let wait = try await budget.reserveRequestSlot(budget: key, interval: interval, tolerance: tolerance)
        if wait > .zero {
            try await Task.sleep(for: wait)
        }
    }

    public func pause(for duration: Duration) async throws {
        try await budget.pauseRequests(budget: key, for: duration, tolerance: tolerance)
    }
}
