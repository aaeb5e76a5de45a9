import DixaAPI
import Foundation
import Outbox

/// The envelope of a Dixa webhook delivery: `event_id`, `event_fqn`, `event_timestamp`, and the conversation
/// and author in `data`, snake_case as Dixa sends it.
struct WebhookEvent {
    /// The events the receiver stores; others are acknowledged and dropped.
    static let handled: Set<String> = ["CONVERSATION_MESSAGE_ADDED", "CONVERSATION_CLOSED", "TYPING_STARTED"]

    let eventID: UUID
    let fqn: String
    /// Dixa's text, once it parses as a date: PostgreSQL reads it itself, as a `Date` would move some values by 1 µs.
    let timestamp: String?
    let conversationID: Int64?
    let authorID: UUID?

    struct Invalid: Error {
        let reason: String
    }

    init(body: Data) throws(Invalid) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw Invalid(reason: "the body is not a JSON object")
        }
        guard let idText = object["event_id"] as? String, let id = UUID(uuidString: idText) else {
            throw Invalid(reason: "event_id is missing or not a UUID")
        }
        guard let fqn = object["event_fqn"] as? String, !fqn.isEmpty else {
            throw Invalid(reason: "event_fqn is missing")
        }
        let data = object["data"] as? [String: Any]
        let conversation = data?["conversation"] as? [String: Any]
        let author = (data?["author"] ?? data?["agent"] ?? data?["user"]) as? [String: Any]
        eventID = id
        self.fqn = fqn
        timestamp = (object["event_timestamp"] as? String).flatMap { DixaDate.parse($0) == nil ? nil : $0 }
        conversationID = (conversation?["csid"] as? NSNumber)?.int64Value
        authorID = (author?["id"] as? String).flatMap(UUID.init(uuidString:))
    }

    func record(tenant: String, subscriptionID: UUID?, payload: Data) -> WebhookEventRecord {
        WebhookEventRecord(
            tenant: tenant,
            eventID: eventID,
            eventFQN: fqn,
            conversationID: conversationID,
            subscriptionID: subscriptionID,
            eventTimestamp: timestamp,
            payload: String(decoding: payload, as: UTF8.self)
        )
    }
}
