/// Backoff while the database is unreachable: 250 ms doubling to 30 s, for at most `limit` in total.
struct DatabaseOutage {
    let limit: Duration?
    private let startedAt = ContinuousClock.now
    private var wait = Duration.milliseconds(250)

    init(limit: Duration?) {
        self.limit = limit
    }

    /// The next wait, or nil when the outage has lasted longer than `limit`.
    mutating func nextWait() -> Duration? {
        if let limit, ContinuousClock.now - startedAt >= limit { return nil }
        defer { wait = min(wait * 2, .seconds(30)) }
        return wait
    }
}
