import Outbox

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
    /// The same counts, per tenant that had rows.
    public var tenants: [String: TenantCounts] = [:]
    /// The tenants stopped on a configuration problem (or that cannot be worked), by name.
    public var halts: [String: ConfigurationHalt] = [:]

    public init() {}

    /// A configuration problem the worker is stopped on, if any: the default tenant's first.
    public var halt: ConfigurationHalt? {
        halts[Tenants.defaultName] ?? halts.sorted { $0.key < $1.key }.first?.value
    }
}

/// One tenant's rows in a `WorkerSummary`.
public struct TenantCounts: Sendable, Equatable {
    public var imported = 0
    public var retried = 0
    public var dead = 0
    public var released = 0

    public init() {}
}
