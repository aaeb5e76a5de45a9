import Foundation

/// A tenant as `dixa_tenants` holds it. The token stays sealed: only the caller, with the secrets key, opens it.
public struct StoredTenant: Sendable, Equatable {
    public let name: String
    public let enabled: Bool
    /// The bot agent; nil for the default tenant, whose Dixa settings come from the environment.
    public let agentID: UUID?
    /// Where escalations go when their transcript names no queue.
    public let queueID: UUID?
    /// Dixa's base URL, when not the deployment's.
    public let baseURL: String?
    /// Requests per second and burst, when not the deployment's (Dixa: 10 and 4 per token).
    public let rateLimit: Double?
    public let burst: Int?
    public let tokenSealed: [UInt8]?
    public let updatedAt: Date
    /// Rows pending or running.
    public let waiting: Int

    public var isDefault: Bool { name == Tenants.defaultName }
}

/// What `tenants add` stores, or `tenants update` changes (nil keeps a value).
public struct TenantRecord: Sendable, Equatable {
    public let name: String
    public let agentID: UUID?
    public let queueID: UUID?
    public let baseURL: String?
    public let rateLimit: Double?
    public let burst: Int?
    public let tokenSealed: [UInt8]?

    public init(name: String, agentID: UUID?, queueID: UUID?, baseURL: String?, rateLimit: Double?, burst: Int?, tokenSealed: [UInt8]?) {
        self.name = name
        self.agentID = agentID
        self.queueID = queueID
        self.baseURL = baseURL
        self.rateLimit = rateLimit
        self.burst = burst
        self.tokenSealed = tokenSealed
    }
}

/// One sealed secret, as `tenants rotate-key` meets it.
public enum SealedItem: Sendable, Equatable {
    /// A tenant's Dixa token.
    case tenantToken(tenant: String, sealed: [UInt8])
    /// A webhook subscription's signing secret, sealed or (the default tenant's, without a key) as text.
    case webhookSecret(subscriptionID: UUID, tenant: String, secret: StoredSecret)
}
