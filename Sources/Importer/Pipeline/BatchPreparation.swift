import Foundation
import Outbox

/// One tenant's part of a claimed batch's step 4 (docs/ARCHITECTURE.md), worked out from its rows alone: the
/// transcripts that parse, and the rows whose import intent may be written in the batch's statement once their
/// requester is known. `BatchPreparer` then asks the database for every tenant of the batch at once.
public struct BatchPreparation: Sendable {
    /// A row whose import may be prepared in the batch (`RowPlan.importMayBePreparedInBatch`).
    public struct Candidate: Sendable {
        public let lease: Lease
        /// The requester an earlier attempt recorded; nil when the end-user cache must name it.
        public let requesterID: UUID?
        /// The requester's identities, in the order `RequesterResolver` tries them; empty when `requesterID` is known.
        public let identities: [EndUserIdentity]
        /// The `createdAt` the import request carries.
        public let createdAt: Date

        public init(lease: Lease, requesterID: UUID?, identities: [EndUserIdentity], createdAt: Date) {
            self.lease = lease
            self.requesterID = requesterID
            self.identities = requesterID == nil ? identities : []
            self.createdAt = createdAt
        }
    }

    public let tenant: String
    /// Every row of the part whose transcript parses, by row id; the others go dead in `decide`, with the message.
    public let transcripts: [Int64: Transcript]
    public let candidates: [Candidate]

    public init(tenant: String, transcripts: [Int64: Transcript], candidates: [Candidate]) {
        self.tenant = tenant
        self.transcripts = transcripts
        self.candidates = candidates
    }

    /// The identities the end-user cache is asked about.
    var identitiesToLookUp: Set<EndUserIdentity> {
        Set(candidates.flatMap(\.identities))
    }

    /// The intents this tenant's cache entries `cached` allow, and the rows whose requester the cache did not know.
    func intents(cached: [EndUserIdentity: UUID]) -> (intents: [ImportIntent], missed: Set<Int64>) {
        var intents: [ImportIntent] = []
        var missed: Set<Int64> = []
        for candidate in candidates {
            // As `RequesterResolver.resolve`: the first identity, in its order, that the cache knows.
            guard let requester = candidate.requesterID ?? candidate.identities.firstCached(in: cached) else {
                missed.insert(candidate.lease.rowID)
                continue
            }
            intents.append(ImportIntent(lease: candidate.lease, requesterID: requester, createdAt: candidate.createdAt))
        }
        return (intents, missed)
    }

    /// Every row whose transcript parses, with its intent when `written` holds it (the lease still held), and marked
    /// when the cache missed its requester.
    func prepared(intents: [ImportIntent], written: Set<Int64>, missed: Set<Int64>) -> [Int64: PreparedRow] {
        var prepared = unprepared
        for intent in intents where written.contains(intent.lease.rowID) {
            prepared[intent.lease.rowID]?.intent = intent
        }
        for id in missed { prepared[id]?.requesterCacheMissed = true }
        return prepared
    }

    /// Every row whose transcript parses, without an intent: each then does step 4 on its own.
    var unprepared: [Int64: PreparedRow] {
        transcripts.mapValues { PreparedRow(transcript: $0, intent: nil) }
    }
}
