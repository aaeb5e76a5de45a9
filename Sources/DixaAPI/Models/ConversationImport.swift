import Foundation

/// Dixa's `GenericConversationImport`: one conversation per `POST /v1/conversations/import`.
/// It is imported closed when `closing` is present.
public struct ConversationImport: Encodable, Sendable, Equatable {
    public var genericChannelName: String
    public var requesterId: UUID
    public var requesterConnectionStatus: String?
    public var direction: String
    public var messages: [ImportMessage]
    public var createdAt: Date
    public var assignment: Assignment?
    public var externalId: String?
    public var closing: Closing?

    public init(
        genericChannelName: String = "genericapimessaging",
        requesterId: UUID,
        requesterConnectionStatus: String? = nil,
        direction: String = "Inbound",
        messages: [ImportMessage],
        createdAt: Date,
        assignment: Assignment? = nil,
        externalId: String? = nil,
        closing: Closing? = nil
    ) {
        self.genericChannelName = genericChannelName
        self.requesterId = requesterId
        self.requesterConnectionStatus = requesterConnectionStatus
        self.direction = direction
        self.messages = messages
        self.createdAt = createdAt
        self.assignment = assignment
        self.externalId = externalId
        self.closing = closing
    }

    enum CodingKeys: String, CodingKey {
        case genericChannelName, requesterId, requesterConnectionStatus, direction, messages, createdAt, assignment, externalId, closing
        case type = "_type"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(genericChannelName, forKey: .genericChannelName)
        try container.encode(requesterId.dixaString, forKey: .requesterId)
        try container.encodeIfPresent(requesterConnectionStatus, forKey: .requesterConnectionStatus)
        try container.encode(direction, forKey: .direction)
        try container.encode(messages, forKey: .messages)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(assignment, forKey: .assignment)
        try container.encodeIfPresent(externalId, forKey: .externalId)
        try container.encodeIfPresent(closing, forKey: .closing)
        try container.encode("GenericConversationImport", forKey: .type)
    }

    /// `Assignment`: who holds the conversation from when.
    public struct Assignment: Encodable, Sendable, Equatable {
        public var agentId: UUID
        public var assignedAt: Date
        public init(agentId: UUID, assignedAt: Date) {
            self.agentId = agentId
            self.assignedAt = assignedAt
        }
        enum CodingKeys: String, CodingKey { case agentId, assignedAt }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(agentId.dixaString, forKey: .agentId)
            try container.encode(assignedAt, forKey: .assignedAt)
        }
    }

    /// `Closing`: present means "import it closed".
    public struct Closing: Encodable, Sendable, Equatable {
        public var closedAt: Date
        public var closedBy: UUID
        public init(closedAt: Date, closedBy: UUID) {
            self.closedAt = closedAt
            self.closedBy = closedBy
        }
        enum CodingKeys: String, CodingKey { case closedAt, closedBy }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(closedAt, forKey: .closedAt)
            try container.encode(closedBy.dixaString, forKey: .closedBy)
        }
    }
}

/// `ImportMessageInput`: `InboundImport` (from the end user) or `OutboundImport` (from an agent).
public struct ImportMessage: Encodable, Sendable, Equatable {
    public enum Direction: String, Sendable {
        case inbound = "InboundImport"
        case outbound = "OutboundImport"
    }
    public var direction: Direction
    public var content: Content
    /// Required for outbound messages: the agent who wrote it.
    public var agentId: UUID?
    public var attachments: [File]
    public var externalId: String?
    public var createdAt: Date

    public init(direction: Direction, content: Content, agentId: UUID? = nil, attachments: [File] = [], externalId: String? = nil, createdAt: Date) {
        self.direction = direction
        self.content = content
        self.agentId = agentId
        self.attachments = attachments
        self.externalId = externalId
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case content, agentId, attachments, externalId, createdAt
        case type = "_type"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(content, forKey: .content)
        if direction == .outbound {
            try container.encodeIfPresent(agentId?.dixaString, forKey: .agentId)
        }
        try container.encode(attachments, forKey: .attachments)
        try container.encodeIfPresent(externalId, forKey: .externalId)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(direction.rawValue, forKey: .type)
    }

    /// `Content`: `{value, _type}` with `_type` one of `Text`, `Html`, `Markdown`.
    public struct Content: Encodable, Sendable, Equatable {
        public enum Kind: String, Sendable {
            case text = "Text"
            case html = "Html"
            case markdown = "Markdown"
        }
        public var value: String
        public var kind: Kind
        public init(value: String, kind: Kind = .text) {
            self.value = value
            self.kind = kind
        }
        enum CodingKeys: String, CodingKey {
            case value
            case type = "_type"
        }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value, forKey: .value)
            try container.encode(kind.rawValue, forKey: .type)
        }
    }

    /// `File`: an attachment hosted by the caller.
    public struct File: Encodable, Sendable, Equatable {
        public var url: String
        public var prettyName: String?
        public init(url: String, prettyName: String? = nil) {
            self.url = url
            self.prettyName = prettyName
        }
    }
}

/// `ImportConversationResponse`: the new conversation's id and what Dixa could not apply.
public struct ImportedConversation: Decodable, Sendable, Equatable {
    public let id: Int64
    public let partialErrors: [PartialError]?

    public struct PartialError: Decodable, Sendable, Equatable {
        public let message: String
    }
}
