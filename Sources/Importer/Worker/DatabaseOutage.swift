/// Backoff while the database is unreachable: 250 ms doubling to `longestWait`, for at most `limit` in total.
struct DatabaseOutage {
    /// Short, so that a database back after a long outage is noticed within seconds; a failed attempt costs one
    /// connection attempt.
    static let longestWait = Duration.seconds(4)

    let limit: Duration?
    private let startedAt = ContinuousClock.now
    private var wait = Duration.milliseconds(250)

    init(limit: Duration?) {
        self.limit = limit
    }

    /// The next wait, or nil when the outage has lasted longer than `limit`.
    mutating func nextWait() -> Duration? {
        if let limit, ContinuousClock.now - startedAt >= limit { return nil }
        defer { wait = min(wait * 2, Self.longestWait) }
        return wait
    }
}
