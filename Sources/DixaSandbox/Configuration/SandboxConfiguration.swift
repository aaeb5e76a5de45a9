/// How a ``DixaSandbox`` listens and what it starts with.
public struct SandboxConfiguration: Sendable {
    /// The address to bind; `127.0.0.1` keeps the sandbox off the network.
    public var host: String
    /// The port to bind; `0` picks a free one (read it back with ``DixaSandbox/listeningPort()``).
    public var port: Int
    /// The organisation's starting data.
    public var seed: SandboxSeed
    /// A per-token rate limit; `nil` switches it off. It can be changed at run time.
    public var rateLimit: SandboxRateLimit?

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 0, seed: SandboxSeed = .standard, rateLimit: SandboxRateLimit? = nil) {
        self.host = host
        self.port = port
        self.seed = seed
        self.rateLimit = rateLimit
    }
}

/// A token bucket per API token, as Dixa enforces (10 requests/s, bursts of 4).
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
