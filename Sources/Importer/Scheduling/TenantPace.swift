/// How fast a tenant's organisation may be sent requests, as the claim needs to know it: its rate, its burst, and the
/// key of the budget it shares through PostgreSQL (nil when this process paces it alone).
public struct TenantPace: Sendable, Equatable {
    public let requestsPerSecond: Double
    public let burst: Int
    public let budgetKey: String?

    public init(requestsPerSecond: Double, burst: Int, budgetKey: String?) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.budgetKey = budgetKey
    }

    /// One request's share of a second, at the rate the pacers send (`LimitAllowance`).
    var interval: Duration { LimitAllowance.interval(requestsPerSecond: requestsPerSecond) }

    /// Rows worth claiming for the next `horizon`: what the budget sends in that time, at one request a row, and at
    /// least one.
    func rows(within horizon: Duration) -> Int {
        max(1, Int((requestsPerSecond * LimitAllowance.rateShare * horizon.seconds).rounded(.up)))
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
}
