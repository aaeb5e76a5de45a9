import Logging
import PostgresNIO

/// Applies the embedded migrations: tracked in `dixa_schema_migrations`, serialised by an advisory
/// lock, all in one transaction, and a no-op when everything is applied already.
public struct Migrator: Sendable {
    let client: PostgresClient
    let logger: Logger
    let migrations: [SQLFile]

    public init(client: PostgresClient, logger: Logger, migrations: [SQLFile] = Migrations.all) {
        self.client = client
        self.logger = logger
        self.migrations = migrations
    }

    /// Applies what is missing and returns the names it applied (empty when up to date).
    @discardableResult
    public func migrate() async throws -> [String] {
        try await client.withTransaction(logger: logger) { connection in
            for setUp in [MigrationStatements.Lock().query, MigrationStatements.Table().query, MigrationStatements.Runner().query] {
                try await connection.query(setUp, logger: logger)
            }
            var applied: Set<String> = []
            for try await version in try await connection.query(MigrationStatements.Applied().query, logger: logger).decode(String.self) {
                applied.insert(version)
            }
            var newlyApplied: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                do {
                    try await connection.query(MigrationStatements.Run(migration: migration).query, logger: logger)
                    try await connection.query(MigrationStatements.Record(migration: migration).query, logger: logger)
                } catch let error as PSQLError {
                    let reason = error.serverInfo?[.message] ?? "\(error.code)"
                    throw OutboxError(.migrationFailed, "migration \(migration.name) failed: \(reason)")
                }
                logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                newlyApplied.append(migration.name)
            }
            return newlyApplied
        }
    }

    /// The migrations not yet applied; all of them when the tracking table does not exist.
    public func pending() async throws -> [String] {
        let exists = try await client.query(MigrationStatements.TableExists().query, logger: logger)
        var tableExists = false
        for try await value in exists.decode(Bool.self) { tableExists = value }
        guard tableExists else { return migrations.map(\.name) }
        var applied: Set<String> = []
        let rows = try await client.query(MigrationStatements.Applied().query, logger: logger)
        for try await version in rows.decode(String.self) { applied.insert(version) }
        return migrations.map(\.name).filter { !applied.contains($0) }
    }
}
