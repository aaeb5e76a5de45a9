/// How much of a token's Dixa limit the pacers use, and why not all of it.
///
/// Requests reach Dixa a little after their slot, by varying amounts. Dixa's bucket (10 requests/s, bursts of 4)
/// forgives a request that comes early only by what the bucket holds, and a bucket kept exactly at its rate never
/// refills: once one request has come 300 ms late, every later one must come no more than 300 ms earlier than it, for
/// as long as the backlog lasts. Two allowances leave room for that jitter:
///
/// - **A share of the rate.** Paced at 98 % of the limit, the bucket gains back 2 ms with every request, so a late
///   request is forgotten within seconds instead of never.
/// - **Requests kept in hand.** A burst starts with two requests fewer than Dixa allows, so the first requests after a
///   quiet spell have 200 ms of slack for jitter from the start.
///
/// They cover the jitter of one busy machine, not all of it: three processes sharing 100 tenants on two cores still met
/// 0.2–2 % of 429s (BENCHMARKS.md, issue #15). Requests that wake well after their slot let it go (`LateStart`).
public enum LimitAllowance {
    /// The share of a token's rate that is sent.
    public static let rateShare = 0.98
    /// Requests of the burst not used.
    public static let requestsKeptInHand = 2

    /// One request's share of a second at the rate sent: 102 ms at Dixa's 10 requests/s.
    public static func interval(requestsPerSecond: Double) -> Duration {
        .microseconds(Int64((1_000_000 / (requestsPerSecond * rateShare)).rounded()))
    }

    /// How far ahead of the steady pace a request may start: the burst, less the request itself and those kept in
    /// hand, as time. The claim books a tenant's budget with the same allowance (`ClaimPlanner`).
    public static func tolerance(interval: Duration, burst: Int) -> Duration {
        interval * max(0, burst - 1 - requestsKeptInHand)
    }
}
