import Foundation

/// A row this worker has claimed, with the checkpoints earlier attempts left in it.
public struct ClaimedRow: Sendable {
    public let lease: Lease
    public let sourceKey: String
    public let kind: String
    /// The transcript as JSON text, exactly as stored.
    public let transcript: String
    /// Attempts including this one.
    public let attempts: Int
    public let maxAttempts: Int
    /// Taken over from a worker whose lease expired (it died or hung), rather than claimed fresh.
    public let reclaimed: Bool
    public var checkpoints: Checkpoints

    /// `kind = 'escalate'`: imported open, then transferred to a human queue.
    public var isEscalation: Bool { kind == "escalate" }

    public init(
        lease: Lease,
        sourceKey: String,
        kind: String,
        transcript: String,
        attempts: Int,
        maxAttempts: Int,
        reclaimed: Bool = false,
        checkpoints: Checkpoints
    ) {
        self.lease = lease
        self.sourceKey = sourceKey
        self.kind = kind
        self.transcript = transcript
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.reclaimed = reclaimed
        self.checkpoints = checkpoints
    }
}

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
