import Foundation
import PostgresNIO

extension OutboxStore {
    /// Writes the row's final state for this attempt and logs the attempt in the same statement (step 13).
    /// Returns false when the lease was lost, in which case nothing was written.
    @discardableResult
    public func finish(_ lease: Lease, _ outcome: RowOutcome, _ attempt: AttemptRecord) async throws -> Bool {
        switch outcome {
        case .imported: try await executeGuarded(CompleteStatement(lease: lease, attempt: attempt))
        case .retry(let delay): try await executeGuarded(RetryStatement(lease: lease, attempt: attempt, delay: delay))
        case .dead: try await executeGuarded(DeadStatement(lease: lease, attempt: attempt))
        case .released(let delay): try await executeGuarded(ReleaseStatement(lease: lease, attempt: attempt, delay: delay))
        }
    }
}
