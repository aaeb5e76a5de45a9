import AsyncHTTPClient
import DixaAPI
import Foundation
import Importer
import Logging
import Outbox
import Secrets

/// What `dixa-importer tenants …` and `check --tenant` do: add, change, list, disable, enable and remove stored
/// tenants, seal their tokens, check them against Dixa, and seal every secret anew under a new key.
public struct TenantAdministration: Sendable {
    let store: OutboxStore
    /// Defaults for a stored tenant's base URL and request timeout, and the default tenant itself.
    let dixa: DixaSettings
    let secretsKey: SecretsKey?
    let logger: Logger

    public init(store: OutboxStore, dixa: DixaSettings, secretsKey: SecretsKey?, logger: Logger) {
        self.store = store
        self.dixa = dixa
        self.secretsKey = secretsKey
        self.logger = logger
    }

    /// A stored tenant's settings: all `tenants add` stores (the token and the agent are required there), or what
    /// `tenants update` changes (nil keeps a value).
    public struct TenantDefinition: Sendable {
        public let name: String
        public var token: DixaToken?
        public var agentID: UUID?
        public var queueID: UUID?
        public var baseURL: String?
        public var rateLimit: Double?
        public var burst: Int?
        /// `tenants update --clear`: optional settings set back to none.
        public var cleared: Set<ClearableSetting> = []

        public init(
            name: String,
            token: DixaToken? = nil,
            agentID: UUID? = nil,
            queueID: UUID? = nil,
            baseURL: String? = nil,
            rateLimit: Double? = nil,
            burst: Int? = nil
        ) {
            self.name = name
            self.token = token
            self.agentID = agentID
            self.queueID = queueID
            self.baseURL = baseURL
            self.rateLimit = rateLimit
            self.burst = burst
        }

        var changesNothing: Bool {
            token == nil && agentID == nil && queueID == nil && baseURL == nil && rateLimit == nil && burst == nil && cleared.isEmpty
        }
    }

    /// A stored tenant's optional settings, which `tenants update --clear` sets back to none.
    public enum ClearableSetting: String, Sendable, CaseIterable {
        case queueID = "queue-id"
        case baseURL = "dixa-base-url"
        case rateLimit = "rate-limit"
        case burst
    }

    /// Checks the token, the agent and the queue against Dixa, then stores the tenant with its token sealed. Nothing is
    /// stored when a check fails. Returns the checks.
    @discardableResult
    public func add(_ tenant: TenantDefinition) async throws -> [ConfigurationCheck.Result] {
        try Self.checkName(tenant.name)
        let key = try requireKey()
        try checkRate(tenant.rateLimit, tenant.burst)
        if let baseURL = tenant.baseURL { try DixaSettings.checkURL(baseURL, setting: "--dixa-base-url") }
        guard let token = tenant.token, !token.isEmpty, let agentID = tenant.agentID else {
            throw SettingsError(.missing, "tenant \(tenant.name) needs a token (--token-file) and a bot agent (--agent-id)")
        }
        if try await store.tenants().contains(where: { $0.name == tenant.name }) {
            throw TenantError(.exists, "tenant \(tenant.name) exists already: change it with `dixa-importer tenants update \(tenant.name) …`")
        }
        let checks = try await check(name: tenant.name, token: token, agentID: agentID, queueID: tenant.queueID, baseURL: tenant.baseURL)
        let record = TenantRecord(
            name: tenant.name,
            agentID: agentID,
            queueID: tenant.queueID,
            baseURL: tenant.baseURL,
            rateLimit: tenant.rateLimit,
            burst: tenant.burst,
            tokenSealed: SealedSecret.seal(token.unredacted, under: key, context: SealedSecret.tokenContext(tenant: tenant.name))
        )
        guard try await store.addTenant(record) else {
            throw TenantError(.exists, "tenant \(tenant.name) exists already: change it with `dixa-importer tenants update \(tenant.name) …`")
        }
        return checks
    }

    /// Changes a stored tenant. A new token, agent, queue or base URL is checked against Dixa first, with the values
    /// that stay; nothing changes when a check fails.
    @discardableResult
    public func update(_ change: TenantDefinition) async throws -> [ConfigurationCheck.Result] {
        guard change.name != Tenants.defaultName else {
            throw TenantError(.defaultTenant, "the default tenant is configured by the environment (DIXA_API_TOKEN, DIXA_AGENT_ID, …), not stored")
        }
        guard !change.changesNothing else {
            throw TenantError(.notFound, "nothing to change: give --token-file, --agent-id, --queue-id, --clear queue-id, …")
        }
        try checkRate(change.rateLimit, change.burst)
        if let baseURL = change.baseURL { try DixaSettings.checkURL(baseURL, setting: "--dixa-base-url") }
        guard let current = try await store.tenants().first(where: { $0.name == change.name }) else {
            throw TenantError(.notFound, "no tenant named \(change.name): `dixa-importer tenants list` shows them")
        }
        let key = try requireKey()
        var checks: [ConfigurationCheck.Result] = []
        if change.token != nil || change.agentID != nil || change.queueID != nil || change.baseURL != nil || !change.cleared.isEmpty {
            let token = try change.token ?? DixaToken(open(current, with: key))
            checks = try await check(
                name: change.name,
                token: token,
                agentID: change.agentID ?? current.agentID!,
                queueID: change.cleared.contains(.queueID) ? nil : change.queueID ?? current.queueID,
                baseURL: change.cleared.contains(.baseURL) ? nil : change.baseURL ?? current.baseURL
            )
        }
        let record = TenantRecord(
            name: change.name,
            agentID: change.agentID,
            queueID: change.queueID,
            baseURL: change.baseURL,
            rateLimit: change.rateLimit,
            burst: change.burst,
            tokenSealed: change.token.map {
                SealedSecret.seal($0.unredacted, under: key, context: SealedSecret.tokenContext(tenant: change.name))
            }
        )
        guard try await store.updateTenant(record, clearing: change.cleared.map(\.rawValue).sorted()) else {
            throw TenantError(.notFound, "no stored tenant named \(change.name)")
        }
        return checks
    }

    /// Every tenant, 'default' first, as `tenants list` shows it: never a token.
    public func list() async throws -> [StoredTenant] {
        try await store.tenants()
    }

    /// Enables or disables a tenant: a disabled tenant's rows wait, unclaimed.
    public func setEnabled(_ name: String, _ enabled: Bool) async throws {
        guard try await store.setTenantEnabled(name, enabled) else {
            throw TenantError(.notFound, "no tenant named \(name): `dixa-importer tenants list` shows them")
        }
    }

    /// Removes a stored tenant, refused while it has rows pending or running or reopen requests to send.
    public func remove(_ name: String) async throws {
        guard name != Tenants.defaultName else {
            throw TenantError(.defaultTenant, "the default tenant cannot be removed; disable it with `dixa-importer tenants disable default`")
        }
        guard try await store.tenants().contains(where: { $0.name == name }) else {
            throw TenantError(.notFound, "no tenant named \(name): `dixa-importer tenants list` shows them")
        }
        let unfinished = try await store.unfinishedWork(ofTenant: name)
        guard unfinished.isEmpty, try await store.removeTenant(name) else {
            let work = try await store.unfinishedWork(ofTenant: name)
            throw TenantError(
                .unfinishedWork,
                "tenant \(name) still has \(work.rows) rows pending or running and \(work.reopenRequests) reopen requests to send: "
                    + "let them finish (`dixa-importer report backlog --tenant \(name)` shows them), then remove it; "
                    + "a disabled tenant's rows wait, so disabling does not make it removable"
            )
        }
    }

    /// Seals every tenant token and webhook secret under `newKey`, in one transaction: either all of them are under the
    /// new key afterwards, or none is. Returns how many secrets it sealed.
    public func rotateKey(to newKey: SecretsKey) async throws -> Int {
        let key = secretsKey
        return try await store.resealSecrets { item in
            switch item {
            case .tenantToken(let tenant, let sealed):
                guard let key else { throw Self.missingKey }
                let context = SealedSecret.tokenContext(tenant: tenant)
                let token = try SealedSecret.open(sealed, with: key, context: context, what: "tenant \(tenant)'s token")
                return SealedSecret.seal(token, under: newKey, context: context)
            case .webhookSecret(let id, _, let secret):
                let context = SealedSecret.webhookSecretContext(subscriptionID: id)
                switch secret {
                case .plain(let text):
                    return SealedSecret.seal(text, under: newKey, context: context)
                case .sealed(let sealed):
                    guard let key else { throw Self.missingKey }
                    let opened = try SealedSecret.open(sealed, with: key, context: context, what: "subscription \(id.dixaString)'s secret")
                    return SealedSecret.seal(opened, under: newKey, context: context)
                }
            }
        }
    }

    /// The tenants `check --tenant` and `--all-tenants` check: each as the worker would build it, or why it cannot be.
    public func tenantsToCheck(http: HTTPClient = .shared) async throws -> TenantSnapshot {
        try await StoredTenants(store: store, dixa: dixa, secretsKey: secretsKey, http: http, rateBudget: nil, logger: logger)
            .tenants(includingDisabled: true)
    }

    private func check(name: String, token: DixaToken, agentID: UUID, queueID: UUID?, baseURL: String?) async throws
        -> [ConfigurationCheck.Result]
    {
        let configuration = DixaClientConfiguration(baseURL: baseURL ?? dixa.baseURL, token: token, requestTimeout: dixa.requestTimeout, tenant: name)
        let tenant = Tenant(
            name: name,
            dixa: DixaClient(configuration: configuration, logger: logger),
            budget: RequestBudget(pacer: nil, tenant: name, logger: logger),
            botAgentID: agentID,
            defaultQueueID: queueID
        )
        let stored = try await store.tenants().contains { $0.name == name }
        let names = TenantSettingNames(tenant: name, beingAdded: !stored)
        let checks = await ConfigurationCheck(store: nil, tenant: tenant, names: names).run()
        if let failed = checks.first(where: { !$0.passed }) {
            throw TenantCheckFailed(tenant: name, checks: checks, first: failed)
        }
        return checks
    }

    private func open(_ stored: StoredTenant, with key: SecretsKey) throws -> String {
        guard let sealed = stored.tokenSealed else { throw TenantError(.notFound, "tenant \(stored.name) has no stored token") }
        return try SealedSecret.open(
            sealed,
            with: key,
            context: SealedSecret.tokenContext(tenant: stored.name),
            what: "tenant \(stored.name)'s token"
        )
    }

    private func requireKey() throws -> SecretsKey {
        guard let secretsKey else { throw Self.missingKey }
        return secretsKey
    }

    private static let missingKey = SecretsError(
        .keyMissing,
        "\(SecretsKey.setting) is not set: tenants' tokens are stored sealed under that key; write one with "
            + "`dixa-importer tenants new-key > /etc/dixa-importer/secrets.key` and export \(SecretsKey.setting)=/etc/dixa-importer/secrets.key"
    )

    private func checkRate(_ rate: Double?, _ burst: Int?) throws {
        if let rate, !(rate > 0 && rate.isFinite) { throw SettingsError(.invalid, "--rate-limit must be positive") }
        if let burst, burst < 1 { throw SettingsError(.invalid, "--burst must be at least 1") }
    }

    /// Refuses a name `dixa_tenants` would refuse, saying what a name may be.
    static func checkName(_ name: String) throws {
        let allowed = name.range(of: "^[a-z0-9][a-z0-9_-]{0,62}$", options: .regularExpression) != nil
        guard allowed else {
            throw TenantError(
                .invalidName,
                "\"\(name.prefix(80))\" is not a tenant name: use 1 to 63 lower-case letters, digits, '-' and '_', starting with a letter or digit"
            )
        }
        guard name != Tenants.defaultName else {
            throw TenantError(.defaultTenant, "the default tenant is configured by the environment (DIXA_API_TOKEN, DIXA_AGENT_ID, …), not stored")
        }
    }
}

/// `tenants add` or `update` found Dixa refusing the token, or not knowing the agent or queue: nothing was stored.
public struct TenantCheckFailed: Error, CustomStringConvertible, Sendable {
    public let tenant: String
    public let checks: [ConfigurationCheck.Result]
    let first: ConfigurationCheck.Result

    public var description: String {
        "tenant \(tenant) was not stored: \(first.title)" + (first.detail.isEmpty ? "" : " (\(first.detail))")
    }
}
