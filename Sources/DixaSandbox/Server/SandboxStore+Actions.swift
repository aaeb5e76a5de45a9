import Foundation

/// A conversation as a webhook payload describes it, resolved against the seed and the end users.
struct ConversationSnapshot: Sendable {
    let id: Int64
    let genericChannelName: String
    let state: String
    let direction: String
    let createdAt: String
    let queue: SandboxQueue?
    let requester: SandboxEndUser?
    let assignee: SandboxAgent?
}

extension SandboxStore {
    /// Checks an optional acting user the way Dixa's conversation actions do: an agent is fine, an end
    /// user is `User is not agent/admin`, anyone else `User not found`.
    func checkActingUser(_ userId: UUID?) throws(DixaError) {
        guard let userId else { return }
        if seed.agents.contains(where: { $0.id == userId }) { return }
        throw endUser(id: userId) == nil ? .userNotFound : .userNotAgent
    }

    /// Sets a conversation's state (`Open` or `Closed`), as `PUT .../reopen` and `PUT .../close` do.
    /// Repeating it is harmless: reopening an open conversation still answers 204.
    func setState(conversationID: Int64, to state: String, by userId: UUID?) throws(DixaError) -> ConversationSnapshot {
        guard var conversation = conversations[conversationID] else { throw .notFound }
        try checkActingUser(userId)
        conversation.state = state
        conversation.stateUpdatedAt = Timestamp.now().normalized
        conversations[conversationID] = conversation
        return snapshot(conversation)
    }

    /// A simulated agent acts in a conversation (writes, types, closes): the conversation is assigned to
    /// that agent, as it would be once the agent accepted the offer from the queue.
    func agentActs(conversationID: Int64, agentID: UUID) throws(DixaError) -> (ConversationSnapshot, SandboxAgent) {
        guard var conversation = conversations[conversationID] else { throw .notFound }
        guard let agent = seed.agents.first(where: { $0.id == agentID }) else { throw .userNotFound }
        if conversation.assignment?.agentId != agentID.lowercased {
            conversation.assignment = AssignmentWire(agentId: agentID.lowercased, assignedAt: Timestamp.now().normalized)
            conversations[conversationID] = conversation
        }
        return (snapshot(conversation), agent)
    }

    private func snapshot(_ conversation: StoredConversation) -> ConversationSnapshot {
        let agentID = conversation.assignment.flatMap { UUID(uuidString: $0.agentId) }
        let queueID = conversation.queue.flatMap { UUID(uuidString: $0.id) }
        return ConversationSnapshot(
            id: conversation.id,
            genericChannelName: conversation.genericChannelName,
            state: conversation.state,
            direction: conversation.direction,
            createdAt: conversation.createdAt,
            queue: seed.queues.first { $0.id == queueID },
            requester: UUID(uuidString: conversation.requesterId).flatMap { endUser(id: $0) },
            assignee: seed.agents.first { $0.id == agentID }
        )
    }
}
