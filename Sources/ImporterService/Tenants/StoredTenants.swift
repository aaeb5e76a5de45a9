import AsyncHTTPClient
import DixaAPI
import Foundation
import Importer
import Logging
import Outbox
import Secrets

/// The tenants the worker imports for, as `dixa_tenants` and the environment describe them: the default tenant from
/// the Dixa settings, every enabled stored tenant with its token opened under the secrets key. A tenant that cannot be
/// worked (its token sealed under another key, no key configured, a default tenant with rows but no configuration) is
/// reported with what to fix; its rows wait.
struct StoredTenants: TenantSource {
    let store: OutboxStore
    let dixa: DixaSettings
    let secretsKey: SecretsKey?
    let http: HTTPClient
    /// The budget shared through PostgreSQL; nil when each process paces alone (`--rate-budget local`).
    let rateBudget: RateBudgetStore?
    let logger: Logger

    static let unconfiguredDefault = ConfigurationHalt(
        tenant: Tenants.defaultName,
        cause: "rows name the default tenant, and no Dixa organisation is configured for it",
        remedy: "Set DIXA_API_TOKEN (or DIXA_API_TOKEN_FILE) and DIXA_AGENT_ID, or insert the rows with a stored tenant's name."
    )

    /// What a stored tenant's rate is when `tenants add` set none: Dixa's limit per token.
    static let dixaRequestsPerSecond = 10.0
    static let dixaBurst = 4

    func tenants() async throws -> TenantSnapshot {
        try await tenants(includingDisabled: false)
    }

    /// As `tenants()`; with `includingDisabled`, disabled tenants too (`check --all-tenants`).
    func tenants(includingDisabled: Bool) async throws -> TenantSnapshot {
        var snapshot = TenantSnapshot(tenants: [])
        let stored = try await includingDisabled ? store.tenants() : store.enabledTenants()
        for stored in stored where stored.enabled || includingDisabled {
            if stored.isDefault, dixa.defaultTenant == nil {
                // Configured nowhere: worth a word only when rows wait for it.
                if try await store.hasUnfinishedRows(tenant: stored.name) { snapshot.unavailable.append(Self.unconfiguredDefault) }
                continue
            }
            switch tenant(stored) {
            case .ready(let tenant): snapshot.tenants.append(tenant)
            case .unavailable(let problem): snapshot.unavailable.append(problem)
            case .idle: break
            }
        }
        return snapshot
    }

    private enum Outcome {
        case ready(Tenant)
        case unavailable(ConfigurationHalt)
        /// A default tenant configured nowhere, with nothing to do.
        case idle
    }

    /// The tenant `stored` describes, or why it cannot be worked.
    private func tenant(_ stored: StoredTenant) -> Outcome {
        if stored.isDefault {
            guard let configured = dixa.defaultTenant else { return .unavailable(Self.unconfiguredDefault) }
            return .ready(
                make(
                    name: stored.name,
                    baseURL: dixa.baseURL,
                    token: configured.token,
                    botAgentID: configured.botAgentID,
                    defaultQueueID: configured.defaultQueueID,
                    requestsPerSecond: dixa.requestsPerSecond,
                    burst: dixa.burst,
                    revision: "environment"
                )
            )
        }
        guard let sealed = stored.tokenSealed, let agent = stored.agentID else { return .idle }
        guard let secretsKey else {
            return .unavailable(
                ConfigurationHalt(
                    tenant: stored.name,
                    cause: "tenant \(stored.name)'s token is sealed, and \(SecretsKey.setting) is not set",
                    remedy: "Set \(SecretsKey.setting) to the key file the tenants were added with."
                )
            )
        }
        let token: String
        do {
            token = try SealedSecret.open(
                sealed,
                with: secretsKey,
                context: SealedSecret.tokenContext(tenant: stored.name),
                what: "tenant \(stored.name)'s token"
            )
        } catch {
            return .unavailable(
                ConfigurationHalt(
                    tenant: stored.name,
                    cause: error.message,
                    remedy: "Or store the token again under the current key: `dixa-importer tenants update \(stored.name) --token-file FILE`."
                )
            )
        }
        return .ready(
            make(
                name: stored.name,
                baseURL: stored.baseURL ?? dixa.baseURL,
                token: DixaToken(token),
                botAgentID: agent,
                defaultQueueID: stored.queueID,
                requestsPerSecond: stored.rateLimit ?? Self.dixaRequestsPerSecond,
                burst: stored.burst ?? Self.dixaBurst,
                revision: "\(stored.updatedAt.timeIntervalSince1970)/\(secretsKey.id)"
            )
        )
    }

    private func make(
        name: String,
        baseURL: String,
        token: DixaToken,
        botAgentID: UUID,
        defaultQueueID: UUID?,
        requestsPerSecond: Double,
        burst: Int,
        revision: String
    ) -> Tenant {
        let configuration = DixaClientConfiguration(baseURL: baseURL, token: token, requestTimeout: dixa.requestTimeout, tenant: name)
        let pacer: any RequestPacer =
            if let rateBudget {
                SharedRequestPacer(budget: rateBudget, key: token.budgetKey, requestsPerSecond: requestsPerSecond, burst: burst)
            } else {
                TokenBucket(requestsPerSecond: requestsPerSecond * LimitAllowance.rateShare, burst: burst)
            }
        return Tenant(
            name: name,
            dixa: DixaClient(http: http, configuration: configuration, logger: logger),
            budget: RequestBudget(pacer: pacer, tenant: name, logger: logger),
            botAgentID: botAgentID,
            defaultQueueID: defaultQueueID,
            pace: TenantPace(requestsPerSecond: requestsPerSecond, burst: burst, budgetKey: rateBudget == nil ? nil : token.budgetKey),
            revision: revision
        )
    }
}
