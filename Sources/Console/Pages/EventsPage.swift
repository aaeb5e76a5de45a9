import Foundation
import Outbox

/// `/conversations/TENANT/ID/events`: the webhook events Dixa delivered for one conversation, author and text only
/// (never the payload). One statement.
struct EventsPage {
    struct Event {
        let at: String
        let fqn: String
        let author: String
        let text: String
        let receivedAt: String
        let eventID: String
    }

    let title: String
    let readOnly: Bool
    let outboxID: String?
    let events: [Event]

    static func conversationID(_ text: String?) throws(ConsoleError) -> Int64 {
        guard let text, let id = Int64(text), id > 0 else {
            throw ConsoleError(.badRequest, "\"\(text ?? "")\" is not a conversation id: a conversation id is a positive number")
        }
        return id
    }

    static func load(_ data: ConsoleData, tenant: String, conversationID: Int64, settings: ConsoleSettings) async throws -> EventsPage {
        let events = try await data.run {
            try await $0.consoleEvents(tenant: tenant, conversationID: conversationID, limit: ConsoleLimits.events)
        }
        return EventsPage(
            title: "Webhook events of \(tenant)'s conversation \(conversationID)",
            readOnly: settings.readOnly,
            outboxID: events.lazy.compactMap(\.outboxID).first.map(String.init),
            events: events.map {
                Event(
                    at: ConsoleFormat.time($0.eventTimestamp),
                    fqn: $0.eventFQN,
                    author: [$0.authorName, $0.authorType.map { "(\($0))" }].compactMap { $0 }.joined(separator: " "),
                    text: $0.text ?? "",
                    receivedAt: ConsoleFormat.time($0.receivedAt),
                    eventID: $0.eventID.uuidString.lowercased()
                )
            }
        )
    }
}
