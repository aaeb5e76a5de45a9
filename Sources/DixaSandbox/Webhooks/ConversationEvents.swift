import Foundation

/// What happens in a conversation that Dixa reports by webhook: an agent writes, types or closes,
/// or a client closes or reopens through the API. Shared by the `/v1` routes, the `/_sandbox`
/// routes and the ``DixaSandbox`` Swift API, so all three behave the same.
///
/// A simulated agent acts in the conversation's own organisation (`agentID` defaults to that organisation's Human
/// Agent); an API call acts in its token's organisation.
struct ConversationEvents: Sendable {
    let store: SandboxStore
    let hub: WebhookHub

    /// An agent writes `text` → `CONVERSATION_MESSAGE_ADDED`.
    func agentMessage(conversationID: Int64, text: String, agentID: UUID?) async throws(DixaError) -> [SandboxDelivery] {
        let (conversation, agent) = try await store.agentActs(conversationID: conversationID, agentID: agentID)
        let data = WebhookPayloadWire.messageAdded(conversation, author: agent, text: text, at: Timestamp.now().normalized)
        return await publish(WebhookEventType.messageAdded, conversation, data)
    }

    /// An agent starts typing → `TYPING_STARTED`.
    func agentTyping(conversationID: Int64, agentID: UUID?) async throws(DixaError) -> [SandboxDelivery] {
        let (conversation, agent) = try await store.agentActs(conversationID: conversationID, agentID: agentID)
        return await publish(WebhookEventType.typingStarted, conversation, WebhookPayloadWire.typingStarted(conversation, agent: agent))
    }

    /// An agent closes the conversation → state `Closed`, `CONVERSATION_CLOSED`.
    func agentCloses(conversationID: Int64, agentID: UUID?) async throws(DixaError) -> [SandboxDelivery] {
        let (conversation, agent) = try await store.agentActs(conversationID: conversationID, agentID: agentID)
        return try await close(conversationID: conversationID, userID: agent.id, in: conversation.organization)
    }

    /// `PUT /v1/conversations/{id}/close` → state `Closed`, `CONVERSATION_CLOSED`.
    func close(conversationID: Int64, userID: UUID?, in organization: Organization) async throws(DixaError) -> [SandboxDelivery] {
        let conversation = try await store.setState(conversationID: conversationID, to: "Closed", by: userID, in: organization)
        return await publish(WebhookEventType.closed, conversation, WebhookPayloadWire.closed(conversation))
    }

    /// `PUT /v1/conversations/{id}/reopen` → state `Open`. No event: the sandbox emits only the events the
    /// escalation flow subscribes to (`ConversationOpen` is not one).
    func reopen(conversationID: Int64, userID: UUID?, in organization: Organization) async throws(DixaError) {
        _ = try await store.setState(conversationID: conversationID, to: "Open", by: userID, in: organization)
    }

    private func publish(
        _ type: (name: String, fqn: String),
        _ conversation: ConversationSnapshot,
        _ data: SandboxJSON
    ) async -> [SandboxDelivery] {
        await hub.publish(WebhookEvent(name: type.name, fqn: type.fqn, conversation: conversation, data: data))
    }
}
