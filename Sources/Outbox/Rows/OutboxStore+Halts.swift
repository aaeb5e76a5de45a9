import Foundation
import PostgresNIO

extension OutboxStore {
    /// Records a configuration halt for the `halts` report.
    public func recordHalt(worker: String, cause: String, remedy: String) async throws {
        _ = try await execute(RecordHaltStatement(worker: worker, cause: cause, remedy: remedy))
    }
}
