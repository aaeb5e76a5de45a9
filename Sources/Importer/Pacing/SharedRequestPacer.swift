import DixaAPI
import Foundation
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
    ///   - requestsPerSecond, burst: the token's limit (Dixa: 10 and 4). Less is sent (`LimitAllowance`).
    public init(budget: RateBudgetStore, key: String, requestsPerSecond: Double, burst: Int) {
        precondition(requestsPerSecond > 0 && burst >= 1, "a request budget needs a positive rate and a burst of at least 1")
        self.budget = budget
        self.key = key
        let interval = LimitAllowance.interval(requestsPerSecond: requestsPerSecond)
        self.interval = interval
        self.tolerance = LimitAllowance.tolerance(interval: interval, burst: burst)
    }

    public var lateStartLimit: Duration { LateStart.limit(interval: interval) }

    @discardableResult
    public func acquire() async throws -> Duration {
        let clock = ContinuousClock()
        let asked = clock.now
        let slot = try await budget.reserveRequestSlot(budget: key, interval: interval, tolerance: tolerance)
        let answered = clock.now
        // How long the answer took to come back after the server reckoned the slot, by the two clocks, and never more
        // than the whole round trip nor less than nothing, so that clocks that disagree cannot make it absurd.
        let answerDelay = min(max(.zero, Duration.seconds(Date().timeIntervalSince(slot.reckonedAt))), answered - asked)
        if slot.wait > .zero {
            try await Task.sleep(for: slot.wait)
        }
        return answerDelay + max(.zero, clock.now - (answered + slot.wait))
    }

    public func pause(for duration: Duration) async throws {
        try await budget.pauseRequests(budget: key, for: duration, tolerance: tolerance)
    }
}
