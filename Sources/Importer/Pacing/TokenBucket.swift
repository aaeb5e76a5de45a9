import Foundation

/// Paces requests to a rate with bursts, as Dixa limits each token (10 requests/s, bursts of 4).
///
/// `acquire()` reserves the next free slot and sleeps until it, so concurrent callers queue up fairly
/// instead of racing. A 429 calls `pause(for:)`, which holds back every caller of this bucket.
public actor TokenBucket {
    public let requestsPerSecond: Double
    public let burst: Int
    private var tokens: Double
    private var refilledAt: ContinuousClock.Instant
    private var pausedUntil: ContinuousClock.Instant
    private let clock = ContinuousClock()

    public init(requestsPerSecond: Double, burst: Int) {
        precondition(requestsPerSecond > 0 && burst >= 1, "a token bucket needs a positive rate and a burst of at least 1")
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.tokens = Double(burst)
        self.refilledAt = clock.now
        self.pausedUntil = clock.now
    }

    /// Waits until a request may start, and returns how far past its slot the wait ended.
    @discardableResult
    public func acquire() async throws -> Duration {
        let now = clock.now
        refill(at: now)
        tokens -= 1
        var wait = tokens >= 0 ? Duration.zero : Duration.seconds(-tokens / requestsPerSecond)
        if pausedUntil > now {
            wait = max(wait, pausedUntil - now)
        }
        if wait > .zero {
            try await Task.sleep(for: wait)
        }
        return max(.zero, clock.now - (now + wait))
    }

    /// How late a request may start past its slot and still be sent (`LateStart`).
    public nonisolated var lateStartLimit: Duration { LateStart.limit(interval: .seconds(1 / requestsPerSecond)) }

    /// Holds back every caller for `duration`, after Dixa answered 429.
    public func pause(for duration: Duration) {
        let until = clock.now + duration
        if until > pausedUntil {
            pausedUntil = until
            tokens = min(tokens, 0)
        }
    }

    private func refill(at now: ContinuousClock.Instant) {
        let elapsed = now - refilledAt
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(Double(burst), tokens + seconds * requestsPerSecond)
        refilledAt = now
    }
}
