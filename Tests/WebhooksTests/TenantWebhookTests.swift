import DixaAPI
import Foundation
import Outbox
import PostgresNIO
import Secrets
import TestSupport
import Testing

/// Each delivery is verified with the secret of the subscription it names, which says whose it is: one tenant's
/// delivery signed with another tenant's secret is refused.
@Suite("Webhook deliveries of many tenants", .timeLimit(.minutes(2)))
struct TenantWebhookTests {
    static let defaultSecret = "d3f4a1b2c3d4e5f60718293a4b5c6d7e"
    static let acmeSecret = "ac3e0f1e2d3c4b5a6978879605a4b3c2"
    static let acmeAgent = UUID()

    /// The default tenant's subscription with its secret as text, acme's with its secret sealed under `key`.
    static func subscriptions(_ env: TestEnvironment, key: SecretsKey) async throws -> (default: UUID, acme: UUID) {
        let record = TenantRecord(name: "acme", agentID: acmeAgent, queueID: nil, baseURL: nil, rateLimit: nil, burst: nil, tokenSealed: [1])
        _ = try await env.store.addTenant(record)
        let (defaultID, acmeID) = (UUID(), UUID())
        try await env.store.saveWebhookSubscription(id: defaultID, url: "https://x/d", secret: .plain(defaultSecret), events: [])
        let sealed = SealedSecret.seal(acmeSecret, under: key, context: SealedSecret.webhookSecretContext(subscriptionID: acmeID))
        try await env.store.saveWebhookSubscription(id: acmeID, tenant: "acme", url: "https://x/a", secret: .sealed(sealed), events: [])
        return (defaultID, acmeID)
    }

    @Test("a delivery naming one tenant's subscription signed with another's secret is refused; signed with its own, it is stored as that tenant's")
    func crossTenantSignatureRefused() async throws {
        try await TestEnvironment.with { env in
            let key = SecretsKey.generate()
            let (defaultID, acmeID) = try await Self.subscriptions(env, key: key)
            try await ReceiverHarness.with(env, secretsKey: key) { receiver in
                let forged = try await receiver.deliver(
                    ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: 7),
                    secret: Self.defaultSecret,
                    subscriptionID: acmeID
                )
                let forgedBack = try await receiver.deliver(
                    ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: 8),
                    secret: Self.acmeSecret,
                    subscriptionID: defaultID
                )
                #expect(forged.status == 401 && forgedBack.status == 401)
                #expect(try await env.count("SELECT count(*) FROM dixa_webhook_events") == 0)
                let acme = try await receiver.deliver(
                    ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: 7),
                    secret: Self.acmeSecret,
                    subscriptionID: acmeID
                )
                let own = try await receiver.deliver(
                    ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: 7),
                    secret: Self.defaultSecret,
                    subscriptionID: defaultID
                )
                #expect(acme.status == 200 && own.status == 200, "\(acme) \(own)")
                #expect(try await env.count("SELECT count(*) FROM dixa_webhook_events WHERE tenant = 'acme' AND conversation_id = 7") == 1)
                #expect(try await env.count("SELECT count(*) FROM dixa_webhook_events WHERE tenant = 'default' AND conversation_id = 7") == 1)
            }
            #expect(!env.logs.entries.contains { "\($0)".contains(Self.acmeSecret) || "\($0)".contains(Self.defaultSecret) })
        }
    }

    @Test("DIXA_WEBHOOK_SECRET is the default tenant's: it does not verify another tenant's deliveries")
    func configuredSecretIsDefaultOnly() async throws {
        try await TestEnvironment.with { env in
            let key = SecretsKey.generate()
            let (_, acmeID) = try await Self.subscriptions(env, key: key)
            try await ReceiverHarness.with(env, secret: Self.defaultSecret, secretsKey: key) { receiver in
                let event = ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: 9)
                let forAcme = try await receiver.deliver(event, secret: Self.defaultSecret, subscriptionID: acmeID)
                let forDefault = try await receiver.deliver(event, secret: Self.defaultSecret, subscriptionID: nil)
                #expect(forAcme.status == 401 && forDefault.status == 200, "\(forAcme) \(forDefault)")
                #expect(try await env.count("SELECT count(*) FROM dixa_webhook_events WHERE tenant = 'default'") == 1)
            }
        }
    }

    @Test("each tenant's own bot is skipped, and the chatbot's view joins events to its rows within the tenant")
    func botAndViewPerTenant() async throws {
        try await TestEnvironment.with { env in
            let key = SecretsKey.generate()
            let (_, acmeID) = try await Self.subscriptions(env, key: key)
            let transcript = Transcripts.simple()
            _ = try await env.store.client.query(
                """
                INSERT INTO dixa_outbox (tenant, source_key, transcript, state, conversation_id)
                VALUES ('acme', 'acme-row', \(transcript)::jsonb, 'imported', 42), ('default', 'default-row', \(transcript)::jsonb, 'imported', 42)
                """,
                logger: env.logger
            )
            try await ReceiverHarness.with(env, secretsKey: key) { receiver in
                let byAcmeBot = ReceiverHarness.event("CONVERSATION_MESSAGE_ADDED", conversationID: 42, author: Self.acmeAgent)
                let answer = try await receiver.deliver(byAcmeBot, secret: Self.acmeSecret, subscriptionID: acmeID)
                #expect(answer.status == 200 && answer.message.contains("the bot wrote this message"))
                let byPerson = ReceiverHarness.event("CONVERSATION_MESSAGE_ADDED", conversationID: 42)
                let stored = try await receiver.deliver(byPerson, secret: Self.acmeSecret, subscriptionID: acmeID)
                #expect(stored.status == 200)
            }
            let rows = try await env.store.client.query("SELECT source_key, tenant FROM dixa_conversation_events", logger: env.logger)
            var seen: [String] = []
            for try await (key, tenant) in rows.decode((String?, String).self) { seen.append("\(tenant):\(key ?? "-")") }
            #expect(seen == ["acme:acme-row"])
        }
    }

    @Test("a removed tenant's subscription: its verified deliveries are acknowledged, not stored")
    func removedTenant() async throws {
        try await TestEnvironment.with { env in
            let key = SecretsKey.generate()
            let (_, acmeID) = try await Self.subscriptions(env, key: key)
            #expect(try await env.store.removeTenant("acme"))
            try await ReceiverHarness.with(env, secretsKey: key) { receiver in
                let event = ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: 3)
                let answer = try await receiver.deliver(event, secret: Self.acmeSecret, subscriptionID: acmeID)
                let forged = try await receiver.deliver(event, secret: Self.defaultSecret, subscriptionID: acmeID)
                #expect(answer.status == 200 && answer.message.contains("tenant acme was removed"), "\(answer)")
                #expect(forged.status == 401)
            }
            #expect(try await env.count("SELECT count(*) FROM dixa_webhook_events") == 0)
        }
    }

    @Test("a sealed secret and no secrets key: refused, naming the setting, and nothing stored")
    func sealedWithoutKey() async throws {
        try await TestEnvironment.with { env in
            let (_, acmeID) = try await Self.subscriptions(env, key: SecretsKey.generate())
            try await ReceiverHarness.with(env) { receiver in
                let answer = try await receiver.deliver(
                    ReceiverHarness.event("CONVERSATION_CLOSED", conversationID: 1),
                    secret: Self.acmeSecret,
                    subscriptionID: acmeID
                )
                #expect(answer.status == 401 && answer.message.contains("DIXA_SECRETS_KEY_FILE"))
            }
            #expect(try await env.count("SELECT count(*) FROM dixa_webhook_events") == 0)
        }
    }
}
