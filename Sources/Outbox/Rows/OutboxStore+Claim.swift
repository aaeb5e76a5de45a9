import Foundation
import PostgresNIO

extension OutboxStore {
    /// Step 3 of a row's journey (docs/ARCHITECTURE.md): claims up to `limit` due rows (pending and due, or running
    /// with an expired lease) of the offered tenants for `worker`, with a lease that expires after `lease`, taking
    /// turns between the tenants. Every row of the claim gets `token` as its lease token: a new one for each claim.
    public func claim(
        limit: Int,
        worker: String,
        lease: Duration,
        token: UUID = UUID(),
        offers: [TenantOffer]
    ) async throws -> [ClaimedRow] {
        try await execute(ClaimStatement(limit: limit, worker: worker, lease: lease, token: token, offers: offers)).sorted {
            $0.lease.rowID < $1.lease.rowID
        }
    }

    /// As `claim(limit:worker:lease:token:offers:)`, offering each of `tenants` up to `limit` rows, unpaced.
    public func claim(
        limit: Int,
        worker: String,
        lease: Duration,
        token: UUID = UUID(),
        tenants: [String] = [Tenants.defaultName]
    ) async throws -> [ClaimedRow] {
        let offers = tenants.map { TenantOffer(tenant: $0, quota: limit) }
        return try await claim(limit: limit, worker: worker, lease: lease, token: token, offers: offers)
    }

    /// Hands back the rows of a claim whose answer was lost (`claim(limit:worker:lease:token:)` with `token` failed
    /// with a connection loss, so it may or may not have committed). Returns how many rows it handed back.
    @discardableResult
    public func releaseClaim(token: UUID, worker: String) async throws -> Int {
        try await execute(ReleaseClaimStatement(token: token, worker: worker)).count
    }

    /// Extends a lease by `duration` from now. Returns false when the lease is no longer this worker's.
    public func renew(_ lease: Lease, for duration: Duration) async throws -> Bool {
        try await executeGuarded(RenewLeaseStatement(lease: lease, duration: duration))
    }
}
