import Foundation

/// Webhook payloads in Dixa's shape (API-NOTES §9.3-9.6): snake_case keys, UPPER-case enums in the
/// conversation, and explicit `null`s, unlike the REST API. Built as `SandboxJSON` so nulls stay.
enum WebhookPayloadWire {
    /// The envelope around every event's `data`, naming the conversation's organisation.
    static func envelope(eventID: UUID, fqn: String, timestamp: String, organization: Organization, data: SandboxJSON) -> SandboxJSON {
        .object([
            "event_id": .string(eventID.lowercased),
            "event_fqn": .string(fqn),
            "event_version": .string("1"),
            "event_timestamp": .string(timestamp),
            "organization": .object(["id": .string(organization.organizationID.lowercased), "name": .string(organization.name)]),
            "data": data,
        ])
    }

    /// `data` of `CONVERSATION_MESSAGE_ADDED` for a message an agent wrote.
    static func messageAdded(_ conversation: ConversationSnapshot, author: SandboxAgent, text: String, at timestamp: String) -> SandboxJSON {
        .object([
            "conversation": self.conversation(conversation),
            "author": user(author),
            "created_at": .string(timestamp),
            "message_id": .string(UUID().lowercased),
            "text": .string(text),
            "direction": .string("outbound"),
            "channel": .string(conversation.genericChannelName.uppercased()),
            "content": .object([
                "text": .string(text),
                "content_type": .string("Text"),
                "original_content_url": .null,
                "processed_content_url": .null,
            ]),
            "attachments": .array([]),
            "external_id": .null,
        ])
    }

    /// `data` of `CONVERSATION_CLOSED`.
    static func closed(_ conversation: ConversationSnapshot) -> SandboxJSON {
        .object(["conversation": self.conversation(conversation)])
    }

    /// `data` of `TYPING_STARTED`. Dixa does not document it; `{conversation, agent}` is inferred.
    static func typingStarted(_ conversation: ConversationSnapshot, agent: SandboxAgent) -> SandboxJSON {
        .object(["conversation": self.conversation(conversation), "agent": user(agent)])
    }

    /// The webhook `Conversation`: `csid` is the REST conversation id. Generic API messaging has no
    /// contact point or subject, so both are `null`.
    static func conversation(_ conversation: ConversationSnapshot) -> SandboxJSON {
        .object([
            "csid": .number(Double(conversation.id)),
            "channel": .string(conversation.genericChannelName.uppercased()),
            "status": .string(conversation.state.uppercased()),
            "direction": .string(conversation.direction.uppercased()),
            "queue": conversation.queue.map { .object(["id": .string($0.id.lowercased), "name": .string($0.name)]) } ?? .null,
            "contact_point": .null,
            "requester": conversation.requester.map(user) ?? .null,
            "assignee": conversation.assignee.map(user) ?? .null,
            "subject": .null,
            "tags": .array([]),
            "created_at": .string(conversation.createdAt),
        ])
    }

    /// An agent as a webhook `User` (`user_type` `Member`).
    static func user(_ agent: SandboxAgent) -> SandboxJSON {
        .object([
            "id": .string(agent.id.lowercased),
            "name": .string(agent.name),
            "email": agent.email.map(SandboxJSON.string) ?? .null,
            "phone": .null,
            "roles": .array([.string("Agent")]),
            "user_type": .string("Member"),
        ])
    }

    /// An end user as a webhook `User` (`user_type` `Contact`).
    static func user(_ endUser: SandboxEndUser) -> SandboxJSON {
        .object([
            "id": .string(endUser.id),
            "name": endUser.displayName.map(SandboxJSON.string) ?? .null,
            "email": endUser.email.map(SandboxJSON.string) ?? .null,
            "phone": endUser.phoneNumber.map(SandboxJSON.string) ?? .null,
            "roles": .array([]),
            "user_type": .string("Contact"),
        ])
    }
}
