import Foundation

/// `TransferConversationInput`: the queue to move a conversation to.
public struct TransferQueueInput: Encodable, Sendable, Equatable {
    public let queueId: UUID
    public let userId: UUID?

    public init(queueId: UUID, userId: UUID? = nil) {
        self.queueId = queueId
        self.userId = userId
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(queueId.dixaString, forKey: .queueId)
        try container.encodeIfPresent(userId?.dixaString, forKey: .userId)
    }

    private enum CodingKeys: String, CodingKey {
        case queueId
        case userId
    }
}

/// `ReopenConversationInput`: who reopens (optional; without it Dixa reopens as the API user).
public struct ReopenConversationInput: Encodable, Sendable, Equatable {
    public let userId: UUID

    public init(userId: UUID) {
        self.userId = userId
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(userId.dixaString, forKey: .userId)
    }

    private enum CodingKeys: String, CodingKey {
        case userId
    }
}
