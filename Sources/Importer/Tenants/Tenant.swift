import DixaAPI
import Foundation
import Outbox

/// One Dixa organisation the worker imports into: its client (token and base URL), its request budget, its bot agent
/// and its default escalation queue.
public struct Tenant: Sendable {
    public let name: String
    public let dixa: DixaClient
    /// Every request to this organisation is spent from it: each organisation has a budget of its own.
    public let budget: RequestBudget
    public let botAgentID: UUID
    public let defaultQueueID: UUID?
    /// How fast its organisation may be sent requests, for the claim's share; nil: unpaced (tests, the bench).
    public let pace: TenantPace?
    /// Changes whenever the tenant's settings change, so that what the worker keeps for the tenant (its attribute
    /// definitions, its client) is rebuilt, and kept as long as it does not.
    public let revision: String

    public init(
        name: String,
        dixa: DixaClient,
        budget: RequestBudget,
        botAgentID: UUID,
        defaultQueueID: UUID?,
        pace: TenantPace? = nil,
        revision: String = ""
    ) {
        self.pace = pace
        self.name = name
        self.dixa = dixa
        self.budget = budget
        self.botAgentID = botAgentID
        self.defaultQueueID = defaultQueueID
        self.revision = revision
    }

    public var settingNames: TenantSettingNames { TenantSettingNames(tenant: name) }
}

/// Where the worker learns which tenants to import for. Asked again every `tenantRefreshInterval`, so tenants added,
/// changed, disabled or removed while the worker runs are picked up without a restart.
public protocol TenantSource: Sendable {
    func tenants() async throws -> TenantSnapshot
}

/// The tenants to import for now, and those that exist but cannot be worked (their token cannot be opened, their
/// configuration is missing), each with why and what to do: their rows wait, as if halted.
public struct TenantSnapshot: Sendable {
    public var tenants: [Tenant]
    public var unavailable: [ConfigurationHalt]

    public init(tenants: [Tenant], unavailable: [ConfigurationHalt] = []) {
        self.tenants = tenants
        self.unavailable = unavailable
    }
}

/// A fixed set of tenants: one for a single-organisation worker built in code (tests, the bench).
public struct FixedTenants: TenantSource {
    let snapshot: TenantSnapshot

    public init(_ tenants: [Tenant]) { snapshot = TenantSnapshot(tenants: tenants) }

    public func tenants() async throws -> TenantSnapshot { snapshot }
}
