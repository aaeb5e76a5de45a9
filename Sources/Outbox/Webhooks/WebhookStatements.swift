import Foundation
import PostgresNIO

/// `webhook_subscription_store.sql`: a subscription and its signing secret.
struct WebhookSubscriptionStoreStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.webhookSubscriptionStore
    let id: UUID
    let url: String
    let secretKey: String
    let events: [String]

    func bind(_ binds: inout StatementBinds) {
        binds.append(id, as: "id")
        binds.append(url, as: "url")
        binds.append(secretKey, as: "secret_key")
        binds.append(events, as: "events")
    }
}

/// `webhook_secret.sql`: the signing secret of a subscription.
struct WebhookSecretStatement: OutboxStatement {
    static let file = Queries.webhookSecret
    let subscriptionID: UUID

    func bind(_ binds: inout StatementBinds) { binds.append(subscriptionID, as: "id") }
    func decode(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
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
    }
}
