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
    /// Whether the hot statements run prepared; see `PreparedStatementMode`.
    let preparedStatements: PreparedStatementMode
    /// How long a statement may go unanswered before its connection is taken for dead and closed (nil: no limit).
    /// The worker sets its request timeout: a connection that went silent is then noticed as fast as a silent Dixa.
    public let statementTimeout: Duration?
    /// Every connection the store uses comes through here; see `ConnectionLeases`.
    let leases: ConnectionLeases

    public init(client: PostgresClient, logger: Logger, statementTimeout: Duration? = nil) {
        self.client = client
        self.logger = logger
        self.preparedStatements = PreparedStatementMode()
        self.statementTimeout = statementTimeout
        self.leases = ConnectionLeases(client: client)
    }

    /// Runs one statement on a pooled connection and collects its rows; it fails with `connectionLost`,
    /// rather than waiting for ever, when the connection dies under it.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await leases.withConnection { connection in try await connection.rows(query, timeout: statementTimeout, logger: logger) }
    }

    /// Runs `body` in a transaction on one pooled connection. An error thrown by `body` comes out as it was
    /// thrown, so callers can tell a lost lease from a database failure. Statements in `body` go through
    /// `connection.rows(_:logger:)`, which fails at once if the connection dies.
    func transaction<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try await leases.withConnection { connection in
            _ = try await connection.rows("BEGIN", timeout: statementTimeout, logger: logger)
            let result: Result
            do {
                result = try await body(connection)
            } catch {
                do {
                    _ = try await connection.rows("ROLLBACK", timeout: statementTimeout, logger: logger)
                } catch {
                    // Never hand a connection back to the pool in the middle of a transaction.
                    try? await connection.close()
                }
                throw error
            }
            _ = try await connection.rows("COMMIT", timeout: statementTimeout, logger: logger)
            return result
        }
    }
}
