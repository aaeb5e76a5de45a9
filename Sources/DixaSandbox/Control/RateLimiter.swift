/// A token bucket per API token, like Dixa's per-token limit; switched off when it has no limit.
actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private var limit: SandboxRateLimit?
    private var buckets: [String: Bucket] = [:]
    private let clock = ContinuousClock()

    init(limit: SandboxRateLimit?) {
        self.limit = limit
    }

    /// Changes the limit at run time; buckets start full again.
    func configure(_ limit: SandboxRateLimit?) {
        self.limit = limit
        buckets = [:]
    }

    /// Takes one request's worth from `token`'s bucket, or returns the 429 to answer.
    func admit(token: String) -> DixaError? {
        guard let limit else { return nil }
        let now = clock.now
        var bucket = buckets[token] ?? Bucket(tokens: Double(limit.burst), updated: now)
        let elapsed = bucket.updated.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(Double(limit.burst), bucket.tokens + seconds * limit.requestsPerSecond)
        bucket.updated = now
        defer { buckets[token] = bucket }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        // Whole seconds until one token is back; never 0, which would invite a tight retry loop.
        let wait = max(1, Int(((1 - bucket.tokens) / limit.requestsPerSecond).rounded(.up)))
        return .tooManyRequests(retryAfterSeconds: limit.sendRetryAfter ? wait : nil)
    }
}
