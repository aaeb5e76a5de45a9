import Foundation

/// What earlier attempts already achieved for a row. A side effect whose result is here is never repeated.
public struct Checkpoints: Sendable, Equatable {
    /// The resolved Dixa end user.
    public var requesterID: UUID?
    /// The `createdAt` sent with the import request, kept to reconcile a lost answer.
    public var importCreatedAt: Date?
    /// Set just before the import request goes out; with no `conversationID` it means "answer unknown".
    public var importSentAt: Date?
    /// The Dixa conversation this row became.
    public var conversationID: Int64?
    /// Custom attributes were handled.
    public var attributesDoneAt: Date?
    /// An escalation's conversation was transferred to its queue.
    public var transferredAt: Date?

    public init(
        requesterID: UUID? = nil,
        importCreatedAt: Date? = nil,
        importSentAt: Date? = nil,
        conversationID: Int64? = nil,
        attributesDoneAt: Date? = nil,
        transferredAt: Date? = nil
    ) {
        self.requesterID = requesterID
        self.importCreatedAt = importCreatedAt
        self.importSentAt = importSentAt
        self.conversationID = conversationID
        self.attributesDoneAt = attributesDoneAt
        self.transferredAt = transferredAt
    }
}
