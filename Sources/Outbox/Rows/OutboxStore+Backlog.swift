import Foundation
import PostgresNIO

extension OutboxStore {
    /// Rows due now and the age of the oldest due one, for the backlog gauges.
    public func backlog() async throws -> (due: Int, oldestDueAge: Double) {
        try await execute(BacklogGaugesStatement()).first ?? (0, 0)
    }

    /// How many rows are due now.
    public func dueCount() async throws -> Int {
        try await execute(DueCountStatement()).first ?? 0
    }

    /// When the next row becomes due, or nil when nothing is waiting.
    public func nextDue() async throws -> Date? {
        try await execute(NextDueStatement()).first ?? nil
    }

    /// Rows per state, every state present.
    public func stateCounts() async throws -> [(state: String, count: Int)] {
        try await execute(StateCountsStatement())
    }
}
