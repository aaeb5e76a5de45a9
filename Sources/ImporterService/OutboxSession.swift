import Logging
import Outbox
import PostgresNIO

/// Runs `body` with a running `PostgresClient`, then shuts the client down: for the commands that run a few
/// statements and exit (`migrate`, `enqueue`, `report`, `requeue`, `prune`, `check`).
public func withOutbox<Result: Sendable>(
    _ database: DatabaseSettings,
    logger: Logger,
    _ body: @Sendable (OutboxStore) async throws -> Result
) async throws -> Result {
    let client = PostgresClient(configuration: database.configuration, backgroundLogger: poolLogger(logger))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        return try await body(OutboxStore(client: client, logger: logger))
    }
}

/// Refuses to work on a database that `migrate` has not prepared, saying so.
public func requireMigrated(_ store: OutboxStore, logger: Logger) async throws {
    let pending = try await Migrator(client: store.client, logger: logger).pending()
    guard pending.isEmpty else {
        throw OutboxError(
            .notMigrated,
            "the database is not migrated (missing: \(pending.joined(separator: ", "))): run `dixa-importer migrate` first"
        )
    }
}

/// The connection pool's own logger: errors only. Its warnings are start-up races and connection retries that
/// the worker reports itself, in its own words, when they matter.
public func poolLogger(_ logger: Logger) -> Logger {
    var quiet = logger
    quiet.logLevel = max(logger.logLevel, .error)
    return quiet
}
