import Foundation
import PostgresNIO

extension OutboxStore {
    /// Writes the row's final state for this attempt and logs the attempt in the same statement.
    /// Returns false when the lease was lost, in which case nothing was written.
    @discardableResult
    public func finish(_ lease: Lease, _ outcome: RowOutcome, _ attempt: AttemptRecord) async throws -> Bool {
        var binds = PostgresBindings(lease: lease)
        binds.append(attempt.worker)
        binds.append(attempt.startedAt)
        binds.append(Int32(attempt.dixaCalls))
        let query: any HotQuery.Type
        switch outcome {
        case .imported:
            query = HotQueries.Complete.self
        case .retry(let delay):
            query = HotQueries.Retry.self
            binds.append(attempt.errorCode)
            binds.append(attempt.message)
            binds.append(milliseconds: delay)
            binds.append(attempt.httpStatus.map(Int32.init))
        case .dead:
            query = HotQueries.Dead.self
            binds.append(attempt.errorCode)
            binds.append(attempt.message)
            binds.append(attempt.httpStatus.map(Int32.init))
        case .released(let delay):
            query = HotQueries.Release.self
            binds.append(attempt.errorCode)
            binds.append(attempt.message)
            binds.append(milliseconds: delay)
        }
        return try await executeGuarded(query, binds)
    }
}
