import Foundation

/// One attempt to deliver a webhook event to a subscription's URL (`GET /_sandbox/webhooks/deliveries`).
///
/// A duplicated event shows as two deliveries with the same `eventID`.
public struct SandboxDelivery: Sendable, Codable, Equatable {
    /// The subscription the event went to.
    public let subscriptionID: UUID
    /// The envelope's `event_id`.
    public let eventID: UUID
    /// The envelope's `event_fqn`, e.g. `CONVERSATION_MESSAGE_ADDED`.
    public let eventFQN: String
    /// The conversation (`csid`) the event is about.
    public let conversationID: Int64
    /// Where it was sent.
    public let url: String
    /// The receiver's HTTP status; `nil` when there was no answer (refused, timed out).
    public let status: Int?
    /// The name of the organisation of the subscription and the conversation (always the same one).
    public let organization: String

    /// Creates a delivery record.
    public init(
        subscriptionID: UUID,
        eventID: UUID,
        eventFQN: String,
        conversationID: Int64,
        url: String,
        status: Int?,
        organization: String = SandboxSeed.standardName
    ) {
        self.subscriptionID = subscriptionID
        self.eventID = eventID
        self.eventFQN = eventFQN
        self.conversationID = conversationID
        self.url = url
        self.status = status
        self.organization = organization
    }
}

/// How the sandbox delivers webhook events, to exercise a receiver's idempotency and ordering
/// (Dixa documents that events may arrive more than once and out of order).
public struct SandboxDeliveryMode: Sendable, Codable, Equatable {
    /// Deliver every event twice: the same body and `event_id`, each with a fresh signature timestamp.
    public var duplicate: Bool
    /// Queue events instead of sending them, until ``DixaSandbox/flushHeldDeliveries(reversed:)``.
    public var hold: Bool

    /// Creates a mode; the default delivers each event once, at once.
    public init(duplicate: Bool = false, hold: Bool = false) {
        self.duplicate = duplicate
        self.hold = hold
    }

    private enum CodingKeys: String, CodingKey {
        case duplicate, hold
    }

    /// Decodes a mode; a key left out is `false`, so `{"hold":true}` is enough.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.duplicate = try container.decodeIfPresent(Bool.self, forKey: .duplicate) ?? false
        self.hold = try container.decodeIfPresent(Bool.self, forKey: .hold) ?? false
    }
}
