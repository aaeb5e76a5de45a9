import Outbox

/// How an operator changes a tenant's Dixa settings, for remedies and messages: the environment for the default tenant,
/// `dixa-importer tenants update NAME …` for a stored one, and the command's own flags for a tenant being added.
public struct TenantSettingNames: Sendable, Equatable {
    public let tenant: String
    /// The tenant is being added: nothing is stored yet, so the flags of the command at hand are what to change.
    public let beingAdded: Bool

    public init(tenant: String, beingAdded: Bool = false) {
        self.tenant = tenant
        self.beingAdded = beingAdded
    }

    public var isDefault: Bool { tenant == Tenants.defaultName }

    public var token: String { name("DIXA_API_TOKEN (or DIXA_API_TOKEN_FILE)", "token", flag: "--token-file FILE") }

    public var agent: String { name("DIXA_AGENT_ID", "agent", flag: "--agent-id UUID") }

    public var queue: String { name("DIXA_QUEUE_ID", "queue", flag: "--queue-id UUID") }

    public var baseURL: String { name("DIXA_BASE_URL", "Dixa base URL", flag: "--dixa-base-url URL") }

    /// `check`'s command for this tenant.
    public var check: String { isDefault ? "dixa-importer check" : "dixa-importer check --tenant \(tenant)" }

    private func name(_ variable: String, _ setting: String, flag: String) -> String {
        if beingAdded { return flag }
        return isDefault ? variable : "tenant \(tenant)'s \(setting) (`dixa-importer tenants update \(tenant) \(flag)`)"
    }
}
