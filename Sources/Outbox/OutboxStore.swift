import Foundation
import Logging
import PostgresNIO

/// The outbox tables, spoken to through the statements in `sql/queries/`.
///
/// The store owns no connection of its own: it borrows from the `PostgresClient`, which must be running
/// (it is a `Service`; put it first in the `ServiceGroup`).
public struct OutboxStore: Sendable {
    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Runs one embedded statement with bound parameters and collects its rows.
    func execute(_ file: SQLFile, _ binds: PostgresBindings = PostgresBindings()) async throws -> [PostgresRow] {
        let rows = try await client.query(PostgresQuery(unsafeSQL: file.text, binds: binds), logger: logger)
        return try await rows.collect()
    }

    /// Runs `body` in a transaction. An error thrown by `body` itself (a lost lease, a Dixa failure) comes
    /// out as it was thrown, not wrapped in `PostgresTransactionError`, so callers can tell them apart.
    func transaction<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError, !(closureError is PSQLError) {
                throw closureError
            }
            throw error
        }
    }

    /// Runs a write-back guarded by `WHERE id = … AND lease_token = …` and reports whether the lease still held.
    func executeGuarded(_ file: SQLFile, _ binds: PostgresBindings) async throws -> Bool {
        try await !execute(file, binds).isEmpty
    }
}

extension PostgresBindings {
    /// Starts a binding list with a lease's row id and token, the first two parameters of every guarded statement.
    init(lease: Lease) {
        self.init()
        append(lease.rowID)
        append(lease.token)
    }

    /// Appends a duration as whole milliseconds, the unit the statements multiply by `interval '1 millisecond'`.
    mutating func append(milliseconds duration: Duration) {
        let (seconds, attoseconds) = duration.components
        append(Int64(seconds) * 1000 + Int64(attoseconds / 1_000_000_000_000_000))
    }
}
