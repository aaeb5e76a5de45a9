import Foundation
import PostgresNIO

extension OutboxStore {
    /// Records a configuration halt for the `halts` report.
    public func recordHalt(worker: String, cause: String, remedy: String) async throws {
        var binds = PostgresBindings()
        binds.append(worker)
        binds.append(cause)
        binds.append(remedy)
        _ = try await execute(Queries.recordHalt, binds)
    }
}
