import Foundation

/// A row this worker has claimed, with the checkpoints earlier attempts left in it.
public struct ClaimedRow: Sendable {
    public let lease: Lease
    /// The Dixa organisation the row belongs to (`dixa_outbox.tenant`).
    public let tenant: String
    /// `live` or `backfill`.
    public let lane: String
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
        tenant: String = Tenants.defaultName,
        lane: String = "live",
        sourceKey: String,
        kind: String,
        transcript: String,
        attempts: Int,
        maxAttempts: Int,
        reclaimed: Bool = false,
        checkpoints: Checkpoints
    ) {
        self.lease = lease
        self.tenant = tenant
        self.lane = lane
        self.sourceKey = sourceKey
        self.kind = kind
        self.transcript = transcript
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.reclaimed = reclaimed
        self.checkpoints = checkpoints
    }
}
