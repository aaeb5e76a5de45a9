import Foundation

/// A conversation as a webhook payload describes it, resolved against its organisation's seed and end users.
struct ConversationSnapshot: Sendable {
    let id: Int64
    /// Its organisation: only that organisation's subscriptions hear of it, and the envelope names it.
    let organization: Organization
    let genericChannelName: String
    let state: String
    let direction: String
    let createdAt: String
    let queue: SandboxQueue?
    let requester: SandboxEndUser?
    let assignee: SandboxAgent?
}

extension SandboxStore {
    /// The organisation a conversation belongs to, for actions that name a conversation but no organisation
    /// (the `/_sandbox` agent simulation); `nil` for an unknown conversation.
    func organization(ofConversation id: Int64) -> Organization? {
        conversations[id].map { directory.all[$0.organizationIndex] }
    }

    /// Checks an optional acting user the way Dixa's conversation actions do: an agent of the organisation is fine,
    /// one of its end users is `User is not agent/admin`, anyone else (another organisation's too) `User not found`.
    func checkActingUser(_ userId: UUID?, in organization: Organization) throws(DixaError) {
        guard let userId else { return }
        if organization.hasAgent(id: userId) { return }
        throw endUser(id: userId, in: organization) == nil ? .userNotFound : .userNotAgent
    }

    /// Sets a conversation's state (`Open` or `Closed`), as `PUT .../reopen` and `PUT .../close` do.
    /// Repeating it is harmless: reopening an open conversation still answers 204.
    func setState(conversationID: Int64, to state: String, by userId: UUID?, in organization: Organization) throws(DixaError)
        -> ConversationSnapshot
    {
        guard var conversation = stored(conversationID, in: organization) else { throw .notFound }
        try checkActingUser(userId, in: organization)
        conversation.state = state
        conversation.stateUpdatedAt = Timestamp.now().normalized
        conversations[conversationID] = conversation
        return snapshot(conversation, in: organization)
    }

    /// A simulated agent of the conversation's organisation acts in it (writes, types, closes): the conversation is
    /// assigned to that agent, as it would be once the agent accepted the offer from the queue. Without `agentID`, the
    /// organisation's default agent acts.
    func agentActs(conversationID: Int64, agentID: UUID?) throws(DixaError) -> (ConversationSnapshot, SandboxAgent) {
        guard let organization = organization(ofConversation: conversationID), var conversation = conversations[conversationID] else {
            throw .notFound
        }
        let agentID = agentID ?? organization.defaultAgentID
        guard let agent = organization.agent(id: agentID) else { throw .userNotFound }
        if conversation.assignment?.agentId != agentID.lowercased {
            conversation.assignment = AssignmentWire(agentId: agentID.lowercased, assignedAt: Timestamp.now().normalized)
            conversations[conversationID] = conversation
        }
        return (snapshot(conversation, in: organization), agent)
    }

    private func snapshot(_ conversation: StoredConversation, in organization: Organization) -> ConversationSnapshot {
        let agentID = conversation.assignment.flatMap { UUID(uuidString: $0.agentId) }
        let queueID = conversation.queue.flatMap { UUID(uuidString: $0.id) }
        return ConversationSnapshot(
            id: conversation.id,
            organization: organization,
            genericChannelName: conversation.genericChannelName,
            state: conversation.state,
            direction: conversation.direction,
            createdAt: conversation.createdAt,
            queue: queueID.flatMap { organization.queue(id: $0) },
            requester: UUID(uuidString: conversation.requesterId).flatMap { endUser(id: $0, in: organization) },
            assignee: agentID.flatMap { organization.agent(id: $0) }
        )
    }
}
