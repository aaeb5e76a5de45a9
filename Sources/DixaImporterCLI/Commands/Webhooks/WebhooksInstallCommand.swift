import ArgumentParser
import DixaAPI
import Foundation
import Importer
import ImporterService
import Logging
import Outbox
import Secrets

struct WebhooksInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Subscribes the receiver's URL to Dixa's webhooks, once (POST /v1/webhooks).",
        discussion: """
            Subscribes --url to the three events the chatbot needs (ConversationMessageAdded, ConversationClosed, \
            TypingStarted) for the Generic API messaging channel only, and stores the subscription's signing \
            secret in dixa_webhook_subscriptions, where the receiver reads it. Idempotent: when a subscription to \
            the same URL exists, it is reused (its secret stored again) and no second one is created. With --tenant, \
            the tenant's organisation is subscribed with its own token, and the receiver verifies its deliveries with \
            that subscription's secret alone. With $DIXA_SECRETS_KEY_FILE set, the secret is stored sealed. With \
            $DIXA_WEBHOOK_TOKEN set, Dixa sends `Authorization: Bearer <token>` with each delivery (TokenAuth); with \
            $DIXA_WEBHOOK_BASIC_AUTH=user:password, `Authorization: Basic …` (BasicAuth); else no authorization. The secret and the token are never printed.

            Example:
              dixa-importer webhooks install --url https://bot.example.com/webhooks/dixa
              dixa-importer webhooks install --tenant acme --url https://bot.example.com/webhooks/dixa
            """
    )

    static let events = ["ConversationMessageAdded", "ConversationClosed", "TypingStarted"]

    @Option(help: ArgumentHelp("The receiver's public URL, including --webhook-path.", valueName: "url"))
    var url: String

    @Option(help: "The subscription's name in Dixa.")
    var name: String = "dixa-importer"

    @Option(help: "Subscribe this tenant's Dixa organisation, with its own token (default: the default tenant).")
    var tenant: String = Tenants.defaultName

    @OptionGroup var webhooks: WebhookOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dixa: DixaOptions
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
            throw CommandError("--url must be an absolute http(s) URL: \(url.prefix(200))")
        }
        let key = try secrets.key()
        guard key != nil || tenant == Tenants.defaultName else {
            throw CommandError("\(SecretsKey.setting) is not set: tenant \(tenant)'s token, and the secret of its subscription, are sealed under it")
        }
        let database = try database.settings()
        let client = try await client(database: database, key: key, logger: logger)
        let (subscription, created) = try await findOrCreate(client, RequestBudget(pacer: nil, tenant: tenant, logger: logger))
        // Sealed when a key is configured: a database dump then holds no secret a forger could sign with.
        let secret: StoredSecret =
            key.map {
                .sealed(
                    SealedSecret.seal(subscription.secretKey, under: $0, context: SealedSecret.webhookSecretContext(subscriptionID: subscription.id))
                )
            } ?? .plain(subscription.secretKey)
        let tenant = self.tenant
        try await withOutbox(database, logger: logger) { store in
            try await store.saveWebhookSubscription(
                id: subscription.id,
                tenant: tenant,
                url: subscription.url,
                secret: secret,
                events: subscription.subscribedEvents ?? []
            )
        }
        print(created ? "created \(subscription)" : "already subscribed: \(subscription); no second subscription created")
        let missing = Self.events.filter { !(subscription.subscribedEvents ?? []).contains($0) }
        if !missing.isEmpty {
            print("warning: that subscription does not include \(missing.joined(separator: ", ")); edit it in Dixa's settings")
        }
        print("stored its signing secret in dixa_webhook_subscriptions; `dixa-importer webhooks serve` verifies deliveries with it")
    }

    /// The default tenant's client from the environment, or a stored tenant's with its own token.
    private func client(database: DatabaseSettings, key: SecretsKey?, logger: Logger) async throws -> DixaClient {
        guard tenant != Tenants.defaultName else { return DixaClient(configuration: try dixa.clientConfiguration(), logger: logger) }
        let settings = try dixa.settings(tenantsOnly: true)
        let name = tenant
        return try await withOutbox(database, logger: logger) { store in
            try await requireMigrated(store, logger: logger)
            let snapshot = try await TenantAdministration(store: store, dixa: settings, secretsKey: key, logger: logger).tenantsToCheck()
            if let problem = snapshot.unavailable.first(where: { $0.tenant == name }) {
                throw CommandError("tenant \(name) cannot be used: \(problem.cause). \(problem.remedy)")
            }
            guard let stored = snapshot.tenants.first(where: { $0.name == name }) else {
                throw CommandError("no tenant named \(name): `dixa-importer tenants list` shows them")
            }
            return stored.dixa
        }
    }

    private func findOrCreate(_ client: DixaClient, _ budget: RequestBudget) async throws -> (WebhookSubscription, created: Bool) {
        if let existing = try await budget.spend({ try await client.webhookSubscriptions() }).first(where: { $0.url == url }) {
            return (existing, false)
        }
        let input = CreateWebhookSubscriptionInput(
            name: name,
            url: url,
            events: Self.events,
            authorization: try authorization(),
            filters: ["Conversation": WebhookFilters(conditions: [.isOneOf("InitialChannel", ["genericapimessaging"])])]
        )
        return (try await budget.spend { try await client.createWebhookSubscription(input) }, true)
    }

    private func authorization() throws -> WebhookAuthorization {
        if let basic = try webhooks.basicCredentials() {
            return .basic(username: basic.username, password: basic.password.unredacted)
        }
        return webhooks.token().map { .token($0.unredacted) } ?? .none
    }
}
