/// What a worker did since it started.
public struct WorkerSummary: Sendable, Equatable {
    public var claimed = 0
    public var imported = 0
    public var retried = 0
    public var dead = 0
    /// Handed back without burning an attempt (halt, rate limit, shutdown).
    public var released = 0
    /// Write-backs refused because another worker held the row by then.
    public var leaseLost = 0
    /// Dixa requests made.
    public var dixaCalls = 0
    /// Set when the worker stopped on a configuration problem.
    public var halt: ConfigurationHalt?

    public init() {}
}
