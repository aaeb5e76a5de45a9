import Foundation
import PostgresNIO

/// `claim.sql`: up to `limit` due rows of the offered tenants for `worker`, each with its checkpoints.
struct ClaimStatement: OutboxStatement {
    static let file = Queries.claim
    static let runsPrepared = true
    let limit: Int
    let worker: String
    let lease: Duration
    let token: UUID
    let offers: [TenantOffer]

    func bind(_ binds: inout StatementBinds) {
        binds.append(Int64(limit), as: "limit")
        binds.append(worker, as: "worker")
        binds.append(milliseconds: lease, as: "lease_ms")
        binds.append(token, as: "lease_token")
        binds.append(offers.map(\.tenant), as: "tenants")
        binds.append(offers.map { Int32(clamping: $0.quota) }, as: "quotas")
        // An empty key is no key: the tenant is paced in-process.
        binds.append(offers.map { $0.budgetKey ?? "" }, as: "budget_keys")
        binds.append(offers.map(\.intervalMilliseconds), as: "intervals_ms")
        binds.append(offers.map(\.windowMilliseconds), as: "windows_ms")
    }

    func decode(_ row: PostgresRow) throws -> ClaimedRow {
        let (
            id, tenant, sourceKey, kind, transcript, attempts, maxAttempts, token, requester, createdAt, sentAt, conversation, attributesDone,
            transferred, reclaimed, lane
        ) =
            try row.decode((Int64, String, String, String, String, Int32, Int32, UUID, UUID?, Date?, Date?, Int64?, Date?, Date?, Bool, String).self)
        return ClaimedRow(
            lease: Lease(rowID: id, token: token),
            tenant: tenant,
            lane: lane,
            sourceKey: sourceKey,
            kind: kind,
            transcript: transcript,
            attempts: Int(attempts),
            maxAttempts: Int(maxAttempts),
            reclaimed: reclaimed,
            checkpoints: Checkpoints(
                requesterID: requester,
                importCreatedAt: createdAt,
                importSentAt: sentAt,
                conversationID: conversation,
                attributesDoneAt: attributesDone,
                transferredAt: transferred
            )
        )
    }
}

/// `release_claim.sql`: hands back the rows of a claim whose answer was lost.
struct ReleaseClaimStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.releaseClaim
    let token: UUID
    let worker: String

    func bind(_ binds: inout StatementBinds) {
        binds.append(token, as: "lease_token")
        binds.append(worker, as: "worker")
    }
}

/// `renew_lease.sql`: no row back means the lease is lost.
struct RenewLeaseStatement: OutboxStatement {
    typealias Row = Void
    static let file = Queries.renewLease
    static let runsPrepared = true
    let lease: Lease
    let duration: Duration

    func bind(_ binds: inout StatementBinds) {
        binds.append(lease: lease)
        binds.append(milliseconds: duration, as: "lease_ms")
    }
}
