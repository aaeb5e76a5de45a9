import Foundation
import PostgresNIO

/// One event Dixa delivered, as the receiver stores it.
public struct WebhookEventRecord: Sendable, Equatable {
    /// The tenant whose subscription the delivery came through.
    public let tenant: String
    public let eventID: UUID
    public let eventFQN: String
    public let conversationID: Int64?
    public let subscriptionID: UUID?
    /// `event_timestamp` as Dixa wrote it (ISO 8601). It is stored through PostgreSQL's own parser, so the column
    /// holds exactly what Dixa sent: a trip through a floating-point `Date` stores a third of millisecond values
    /// 1 µs early, and a chatbot joining on `(payload->>'event_timestamp')::timestamptz` would miss them.
    public let eventTimestamp: String?
    /// The delivery's raw JSON body.
    public let payload: String

    public init(
        tenant: String = Tenants.defaultName,
        eventID: UUID,
        eventFQN: String,
        conversationID: Int64?,
        subscriptionID: UUID?,
        eventTimestamp: String?,
        payload: String
    ) {
        self.tenant = tenant
        self.eventID = eventID
        self.eventFQN = eventFQN
        self.conversationID = conversationID
        self.subscriptionID = subscriptionID
        self.eventTimestamp = eventTimestamp
        self.payload = payload
    }
}

extension OutboxStore {
    /// The channel the chatbot LISTENs on; each notification's payload is an event id.
    public static let conversationEventsChannel = "dixa_conversation_events"

    /// Remembers `tenant`'s subscription and its signing secret, for the receiver to verify deliveries with.
    public func saveWebhookSubscription(
        id: UUID,
        tenant: String = Tenants.defaultName,
        url: String,
        secret: StoredSecret,
        events: [String]
    ) async throws {
        _ = try await execute(WebhookSubscriptionStoreStatement(id: id, tenant: tenant, url: url, secret: secret, events: events))
    }

    /// A subscription made by `webhooks install`, if this database knows it: whose it is and its signing secret.
    public func webhookSubscription(id: UUID) async throws -> StoredWebhookSubscription? {
        try await execute(WebhookSecretStatement(subscriptionID: id)).first ?? nil
    }

    /// Stores an event unless it is already there. Returns false for a repeated delivery.
    public func storeWebhookEvent(_ event: WebhookEventRecord) async throws -> Bool {
        try await !execute(WebhookEventStoreStatement(event: event)).isEmpty
    }
}
