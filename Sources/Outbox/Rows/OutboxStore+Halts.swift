import Foundation
import PostgresNIO

extension OutboxStore {
    /// Records a configuration halt of `tenant` for the `halts` report.
    public func recordHalt(worker: String, tenant: String = Tenants.defaultName, cause: String, remedy: String) async throws {
        _ = try await execute(RecordHaltStatement(worker: worker, tenant: tenant, cause: cause, remedy: remedy))
    }

    /// Marks `tenant`'s recorded halts over: it imports again.
    public func resolveHalts(tenant: String) async throws {
        _ = try await execute(ResolveHaltsStatement(tenant: tenant))
    }
}
