/// A rule that makes the sandbox misbehave on purpose, so that a client's error paths can be tested.
///
/// A rule matches a `/v1` request by `method` and `path` prefix (both optional), then applies to the
/// next `times` matching requests (`nil` = every one), each with probability `rate` (default 1).
/// What it does:
/// - `status` (+ `message`): answer that status with `{"message": ...}` instead of handling the request;
///   with `retryAfterSeconds`, also send `Retry-After` (meant for 429).
/// - `delayMilliseconds`: wait that long first (then handle normally, or answer `status` if set).
/// - `partialErrors`: a successful import answers these in `data.partialErrors`.
/// - `drop`: `"before"` closes the connection without handling the request (a connection reset);
///   `"after"` handles the request, so its effect is applied, then closes the connection instead of
///   answering (the answer is lost, the one case a client cannot tell from a reset).
///
/// JSON form, as sent to `POST /_sandbox/faults` in `{"rules": [...]}`:
/// `{"method":"POST","path":"/v1/conversations/import","times":1,"status":500,"message":"boom"}`.
public struct SandboxFaultRule: Codable, Sendable, Hashable {
    /// HTTP method to match, case-insensitive; `nil` matches any.
    public var method: String?
    /// Path prefix to match, e.g. `/v1/conversations/import`; `nil` matches any `/v1` path.
    public var path: String?
    /// How many matching requests the rule applies to before it stops; `nil` = no limit.
    public var times: Int?
    /// Probability (0...1) that a matching request is affected; `nil` = 1.
    public var rate: Double?
    /// Status to answer instead of handling the request.
    public var status: Int?
    /// The `message` of the error body; a Dixa-like default is used for the status when `nil`.
    public var message: String?
    /// Adds `Retry-After: <seconds>` to the error response.
    public var retryAfterSeconds: Int?
    /// Delay before answering.
    public var delayMilliseconds: Int?
    /// Partial errors added to a successful import's response.
    public var partialErrors: [String]?
    /// Close the connection `"before"` handling the request, or `"after"` handling it, instead of answering.
    public var drop: SandboxConnectionDrop?

    /// Creates a rule; see the type's documentation for how fields combine.
    public init(
        method: String? = nil,
        path: String? = nil,
        times: Int? = nil,
        rate: Double? = nil,
        status: Int? = nil,
        message: String? = nil,
        retryAfterSeconds: Int? = nil,
        delayMilliseconds: Int? = nil,
        partialErrors: [String]? = nil,
        drop: SandboxConnectionDrop? = nil
    ) {
        self.method = method
        self.path = path
        self.times = times
        self.rate = rate
        self.status = status
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.delayMilliseconds = delayMilliseconds
        self.partialErrors = partialErrors
        self.drop = drop
    }

    /// Why the rule is unusable, or `nil` when it is fine.
    var problem: String? {
        if status == nil, delayMilliseconds == nil, partialErrors == nil, drop == nil {
            return "a rule needs status, delayMilliseconds, partialErrors or drop"
        }
        if let status, !(100...599).contains(status) { return "status must be in 100...599" }
        if let rate, !(0...1).contains(rate) { return "rate must be in 0...1" }
        if let times, times < 0 { return "times must not be negative" }
        if let delayMilliseconds, delayMilliseconds < 0 { return "delayMilliseconds must not be negative" }
        if let retryAfterSeconds, retryAfterSeconds < 0 { return "retryAfterSeconds must not be negative" }
        return nil
    }
}

/// The body of `POST /_sandbox/faults`.
public struct SandboxFaultRules: Codable, Sendable, Hashable {
    /// The rules, tried in order.
    public var rules: [SandboxFaultRule]

    /// Wraps rules.
    public init(rules: [SandboxFaultRule]) {
        self.rules = rules
    }
}

/// When a fault rule closes the connection instead of answering.
public enum SandboxConnectionDrop: String, Codable, Sendable, Hashable {
    /// Before the request is handled: nothing is applied (a connection reset).
    case before
    /// After the request is handled: its effect is applied, the answer is lost.
    case after
}
