import Outbox

/// How an operator changes a tenant's Dixa settings, for remedies and messages: the environment for the default tenant,
/// `dixa-importer tenants update NAME …` for a stored one.
public struct TenantSettingNames: Sendable, Equatable {
    public let tenant: String

    public init(tenant: String) { self.tenant = tenant }

    public var isDefault: Bool { tenant == Tenants.defaultName }

    public var token: String {
        isDefault
            ? "DIXA_API_TOKEN (or DIXA_API_TOKEN_FILE)" : "tenant \(tenant)'s token (`dixa-importer tenants update \(tenant) --token-file FILE`)"
    }

    public var agent: String {
        isDefault ? "DIXA_AGENT_ID" : "tenant \(tenant)'s agent (`dixa-importer tenants update \(tenant) --agent-id UUID`)"
    }

    public var queue: String {
        isDefault ? "DIXA_QUEUE_ID" : "tenant \(tenant)'s queue (`dixa-importer tenants update \(tenant) --queue-id UUID`)"
    }

    public var baseURL: String {
        isDefault ? "DIXA_BASE_URL" : "tenant \(tenant)'s Dixa base URL (`dixa-importer tenants update \(tenant) --dixa-base-url URL`)"
    }

    /// `check`'s command for this tenant.
    public var check: String { isDefault ? "dixa-importer check" : "dixa-importer check --tenant \(tenant)" }
}
