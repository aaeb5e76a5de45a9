import Foundation
import PostgresNIO

extension OutboxStore {
    /// Claims up to `limit` due rows (pending and due, or running with an expired lease) for `worker`, with a lease
    /// that expires after `lease`. Every row of the claim gets `token` as its lease token: a new one for each claim.
    public func claim(limit: Int, worker: String, lease: Duration, token: UUID = UUID()) async throws -> [ClaimedRow] {
        var binds = PostgresBindings()
        binds.append(Int64(limit))
        binds.append(worker)
        binds.append(milliseconds: lease)
        binds.append(token)
        let rows = try await execute(HotQueries.Claim.self, binds)
        var claimed: [ClaimedRow] = []
        for (
            id, sourceKey, kind, transcript, attempts, maxAttempts, token, requester, createdAt, sentAt, conversation, attributesDone, transferred,
            reclaimed
        ) in try rows.map({ try $0.decode((Int64, String, String, String, Int32, Int32, UUID, UUID?, Date?, Date?, Int64?, Date?, Date?, Bool).self) }
        ) {
            claimed.append(
                ClaimedRow(
                    lease: Lease(rowID: id, token: token),
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
            )
        }
        return claimed.sorted { $0.lease.rowID < $1.lease.rowID }
    }

    /// Hands back the rows of a claim whose answer was lost (`claim(limit:worker:lease:token:)` with `token` failed
    /// with a connection loss, so it may or may not have committed). Returns how many rows it handed back.
    @discardableResult
    public func releaseClaim(token: UUID, worker: String) async throws -> Int {
        var binds = PostgresBindings()
        binds.append(token)
        binds.append(worker)
        return try await execute(Queries.releaseClaim, binds).count
    }

    /// Extends a lease by `duration` from now. Returns false when the lease is no longer this worker's.
    public func renew(_ lease: Lease, for duration: Duration) async throws -> Bool {
        var binds = PostgresBindings(lease: lease)
        binds.append(milliseconds: duration)
        return try await executeGuarded(HotQueries.RenewLease.self, binds)
    }
}
