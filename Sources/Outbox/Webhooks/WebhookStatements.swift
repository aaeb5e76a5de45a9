import Foundation
import PostgresNIO

/// `webhook_subscription_store.sql`: a tenant's subscription and its signing secret.
struct WebhookSubscriptionStoreStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.webhookSubscriptionStore
    let id: UUID
    let tenant: String
    let url: String
    let secret: StoredSecret
    let events: [String]

    func bind(_ binds: inout StatementBinds) {
        binds.append(id, as: "id")
        binds.append(tenant, as: "tenant")
        binds.append(url, as: "url")
        binds.append(secret.plain, as: "secret_key")
        binds.append(secret.sealed.map { ByteBuffer(bytes: $0) }, as: "secret_sealed")
        binds.append(events, as: "events")
    }
}

/// `webhook_secret.sql`: a subscription's tenant, that tenant's stored bot agent, and its signing secret.
struct WebhookSecretStatement: OutboxStatement {
    static let file = Queries.webhookSecret
    let subscriptionID: UUID

    func bind(_ binds: inout StatementBinds) { binds.append(subscriptionID, as: "id") }
    func decode(_ row: PostgresRow) throws -> StoredWebhookSubscription? {
        let (tenant, agent, plain, sealed, tenantExists) = try row.decode((String, UUID?, String?, ByteBuffer?, Bool).self)
        guard let secret = StoredSecret(plain: plain, sealed: sealed) else { return nil }
        return StoredWebhookSubscription(id: subscriptionID, tenant: tenant, agentID: agent, secret: secret, tenantExists: tenantExists)
    }
}

/// `webhook_event_store.sql`: an event, once; no row back for a repeated delivery.
struct WebhookEventStoreStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.webhookEventStore
    let event: WebhookEventRecord

    func bind(_ binds: inout StatementBinds) {
        binds.append(event.eventID, as: "event_id")
        binds.append(event.eventFQN, as: "event_fqn")
        binds.append(event.conversationID, as: "conversation_id")
        binds.append(event.subscriptionID, as: "subscription_id")
        binds.append(event.eventTimestamp, as: "event_timestamp")
        binds.append(event.payload, as: "payload")
        binds.append(event.tenant, as: "tenant")
    }
}
