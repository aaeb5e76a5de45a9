import Foundation

/// A webhook subscription as the sandbox keeps it.
struct StoredSubscription: Sendable {
    let id: UUID
    /// The organisation whose token created it: it hears of that organisation's conversations only.
    let organizationIndex: Int
    let organizationName: String
    let name: String
    let url: String
    let events: [String]
    let authorization: String?
    let customHeaders: [String: String]
    let enabled: Bool
    let filters: [String: WebhookFilterInput]
    let rawFilters: SandboxJSON?
    let secretKey: String
    let createdAt: String
    let createdBy: String

    init(_ input: WebhookSubscriptionInput, in organization: Organization) {
        self.id = UUID()
        self.organizationIndex = organization.index
        self.organizationName = organization.name
        self.name = input.name
        self.url = input.url
        self.events = input.events
        self.authorization = input.authorization.headerValue
        self.customHeaders = input.customHeaders
        self.enabled = input.enabled
        self.filters = input.filters
        self.rawFilters = input.rawFilters
        self.secretKey = WebhookSignature.newSecretKey()
        self.createdAt = Timestamp.now().normalized
        self.createdBy = organization.tokenUserID.lowercased
    }

    /// What Dixa adds to each delivery besides its own headers: `Authorization` and the custom headers.
    var headers: [String: String] {
        var headers = customHeaders
        if let authorization { headers["Authorization"] = authorization }
        return headers
    }

    /// Whether an event of type `event` about `conversation` goes to this subscription: the conversation must be its
    /// organisation's, and the subscription enabled, subscribed, and pass the filters keyed by the event's name or by
    /// `Conversation`.
    func wants(_ event: String, conversation: ConversationSnapshot) -> Bool {
        guard conversation.organization.index == organizationIndex, enabled, events.contains(event) else { return false }
        return [event, "Conversation"].compactMap { filters[$0] }.allSatisfy {
            $0.admits(channel: conversation.genericChannelName, queueID: conversation.queue?.id.lowercased)
        }
    }

    var wire: WebhookSubscriptionWire {
        WebhookSubscriptionWire(
            id: id.lowercased,
            name: name,
            subscribedEvents: events,
            url: url,
            headers: headers,
            secretKey: secretKey,
            enabled: enabled,
            createdAt: createdAt,
            createdBy: createdBy,
            updatedAt: createdAt,
            updatedBy: createdBy,
            filters: rawFilters
        )
    }

    var record: SandboxWebhookSubscription {
        SandboxWebhookSubscription(
            id: id,
            name: name,
            url: url,
            events: events,
            secretKey: secretKey,
            enabled: enabled,
            headers: headers,
            filters: rawFilters,
            createdAt: createdAt,
            organization: organizationName
        )
    }
}

/// Dixa's `WebhookSubscription`.
struct WebhookSubscriptionWire: Encodable {
    let id: String
    let name: String
    let subscribedEvents: [String]
    let url: String
    let headers: [String: String]
    let secretKey: String
    let enabled: Bool
    let createdAt: String
    let createdBy: String
    let updatedAt: String
    let updatedBy: String
    let filters: SandboxJSON?
}
