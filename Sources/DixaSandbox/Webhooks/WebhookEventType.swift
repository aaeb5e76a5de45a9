/// Dixa's webhook event types, as named in a subscription's `events` and as the envelope's `event_fqn`.
enum WebhookEventType {
    /// Every value of the `events` enum in `CreateWebhookSubscriptionInput`.
    static let all: Set<String> = [
        "ConversationCreated", "ConversationOpen", "ConversationPending", "ConversationPendingExpired", "ConversationClosed",
        "ConversationAbandoned", "ConversationEnqueued", "ConversationAssigned", "ConversationUnassigned", "ConversationTransferred",
        "ConversationMessageAdded", "ConversationNoteAdded", "ConversationTagAdded", "ConversationTagRemoved", "ConversationRated",
        "ConversationEndUserReplaced", "ConversationCustomAttributeUpdated", "ConversationMessageDeliverySent",
        "ConversationMessageDeliveryDelivered", "ConversationMessageDeliverySeen", "ConversationMessageDeliveryFailed",
        "ConversationMessageDeliveryInfo", "ConversationMessageDeliverySpamComplaint", "TypingStarted", "AgentBannedEnduser",
        "AgentUnbannedEnduser", "AgentBannedIp", "AgentUnbannedIp", "SLAEvaluationPending", "SLAEvaluationBreached",
        "SLAEvaluationAchieved", "SLAEvaluationVoided",
    ]

    /// The events the sandbox emits: subscription name → `event_fqn`.
    static let messageAdded = (name: "ConversationMessageAdded", fqn: "CONVERSATION_MESSAGE_ADDED")
    static let closed = (name: "ConversationClosed", fqn: "CONVERSATION_CLOSED")
    static let typingStarted = (name: "TypingStarted", fqn: "TYPING_STARTED")

    /// Keys allowed in `filters`. The schema's key type (`WebhookEventType`) is not listed anywhere; every
    /// example uses `Conversation`, so that key (all conversation events) and each event name are accepted.
    static let filterKeys: Set<String> = all.union(["Conversation"])
}
