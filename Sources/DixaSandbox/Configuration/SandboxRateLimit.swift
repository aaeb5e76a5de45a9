/// A token bucket per API token, as Dixa enforces (10 requests/s, bursts of 4). Each organisation's token has a
/// bucket of its own, so one organisation spending its budget never slows another.
public struct SandboxRateLimit: Codable, Sendable, Hashable {
    /// Tokens added to each bucket per second.
    public var requestsPerSecond: Double
    /// The bucket's capacity: how many requests may arrive at once.
    public var burst: Int
    /// Whether a 429 carries `Retry-After` (Dixa documents none, so clients must cope without).
    public var sendRetryAfter: Bool

    /// Creates a limit.
    public init(requestsPerSecond: Double, burst: Int, sendRetryAfter: Bool = true) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.sendRetryAfter = sendRetryAfter
    }

    /// Dixa's documented limit: 10 requests/s with bursts of 4.
    public static let dixa = SandboxRateLimit(requestsPerSecond: 10, burst: 4, sendRetryAfter: false)

    private enum CodingKeys: String, CodingKey {
        case requestsPerSecond, burst, sendRetryAfter
    }

    /// Decodes a limit; `sendRetryAfter` defaults to `true`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.requestsPerSecond = try container.decode(Double.self, forKey: .requestsPerSecond)
        self.burst = try container.decode(Int.self, forKey: .burst)
        self.sendRetryAfter = try container.decodeIfPresent(Bool.self, forKey: .sendRetryAfter) ?? true
    }

    /// Why the limit is unusable, or `nil` when it is fine.
    var problem: String? {
        guard requestsPerSecond.isFinite, requestsPerSecond > 0 else { return "requestsPerSecond must be greater than 0" }
        guard burst >= 1 else { return "burst must be at least 1" }
        return nil
    }
}
