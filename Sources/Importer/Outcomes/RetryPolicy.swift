/// When a transiently failed row is tried again: exponential backoff with full jitter in its upper half,
/// `base × 2^(attempt−1)` capped at `maximum`, so that rows failing together do not retry in lockstep.
public struct RetryPolicy: Sendable, Equatable {
    /// The first retry's nominal delay. Default 10 s.
    public var base: Duration
    /// The cap on any one delay. Default 1 h.
    public var maximum: Duration
    /// Overrides each row's `max_attempts` when set.
    public var maxAttempts: Int?

    public init(base: Duration = .seconds(10), maximum: Duration = .seconds(3600), maxAttempts: Int? = nil) {
        self.base = base
        self.maximum = maximum
        self.maxAttempts = maxAttempts
    }

    /// The delay after failed attempt number `attempt` (1-based): between half and all of the nominal delay.
    public func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = Double(min(max(attempt - 1, 0), 40))
        let nominal = min(seconds(base) * pow2(exponent), seconds(maximum))
        return .milliseconds(Int64(nominal * (0.5 + 0.5 * random) * 1000))
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= 2 }
        return result
    }
}
