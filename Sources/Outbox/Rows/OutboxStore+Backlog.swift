import Foundation
import PostgresNIO

/// One tenant's rows due now, and the age in seconds of the oldest of them.
public struct TenantBacklog: Sendable, Equatable {
    public let tenant: String
    public let due: Int
    public let oldestDueAge: Double
}

extension OutboxStore {
    /// Per tenant with rows due now: how many, and the age of the oldest, for the backlog gauges.
    public func backlog() async throws -> [TenantBacklog] {
        try await execute(BacklogGaugesStatement())
    }

    /// How many rows of `tenants` are due now.
    public func dueCount(tenants: [String] = [Tenants.defaultName]) async throws -> Int {
        try await execute(DueCountStatement(tenants: tenants)).first ?? 0
    }

    /// When the next row of `tenants` becomes due, or nil when nothing is waiting.
    public func nextDue(tenants: [String] = [Tenants.defaultName]) async throws -> Date? {
        try await execute(NextDueStatement(tenants: tenants)).first ?? nil
    }

    /// Rows per state, every state present.
    public func stateCounts() async throws -> [(state: String, count: Int)] {
        try await execute(StateCountsStatement())
    }
}
