import Foundation
import PostgresNIO

extension OutboxStore {
    /// Rows due now and the age of the oldest due one, for the backlog gauges.
    public func backlog() async throws -> (due: Int, oldestDueAge: Double) {
        let rows = try await self.rows(PostgresQuery(unsafeSQL: Queries.backlogGauges.text))
        for (due, age) in try rows.map({ try $0.decode((Int64, Double).self) }) { return (Int(due), age) }
        return (0, 0)
    }

    /// How many rows are due now.
    public func dueCount() async throws -> Int {
        let rows = try await self.rows(PostgresQuery(unsafeSQL: Queries.dueCount.text))
        for count in try rows.map({ try $0.decode(Int64.self) }) { return Int(count) }
        return 0
    }

    /// When the next row becomes due, or nil when nothing is waiting.
    public func nextDue() async throws -> Date? {
        let rows = try await self.rows(PostgresQuery(unsafeSQL: Queries.nextDue.text))
        for due in try rows.map({ try $0.decode(Date?.self) }) {
            return due
        }
        return nil
    }

    /// Rows per state, every state present.
    public func stateCounts() async throws -> [(state: String, count: Int)] {
        let rows = try await self.rows(PostgresQuery(unsafeSQL: Queries.stateCounts.text))
        var counts: [(state: String, count: Int)] = []
        for (state, count) in try rows.map({ try $0.decode((String, Int64).self) }) {
            counts.append((state, Int(count)))
        }
        return counts
    }
}
