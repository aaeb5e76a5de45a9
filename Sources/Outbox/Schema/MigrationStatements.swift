import PostgresNIO

/// The migrator's statements, run by `Migrator` on its transaction's connection.
enum MigrationStatements {
    /// `migrations_lock.sql`: serialises concurrent `migrate` runs until the transaction ends.
    struct Lock: OutboxStatement {
        typealias Row = Void
        static let file = Queries.migrationsLock
        func bind(_ binds: inout StatementBinds) {}
    }

    /// `migrations_table.sql`: the tracking table, created before any migration runs.
    struct Table: OutboxStatement {
        typealias Row = Void
        static let file = Queries.migrationsTable
        func bind(_ binds: inout StatementBinds) {}
    }

    /// `migrations_runner.sql`: the PL/pgSQL function that runs a whole migration script.
    struct Runner: OutboxStatement {
        typealias Row = Void
        static let file = Queries.migrationsRunner
        func bind(_ binds: inout StatementBinds) {}
    }

    /// `migrations_table_exists.sql`: whether the tracking table exists yet.
    struct TableExists: OutboxStatement {
        static let file = Queries.migrationsTableExists
        func bind(_ binds: inout StatementBinds) {}
        func decode(_ row: PostgresRow) throws -> Bool { try row.decode(Bool.self) }
    }

    /// `migrations_applied.sql`: the versions applied so far.
    struct Applied: OutboxStatement {
        static let file = Queries.migrationsApplied
        func bind(_ binds: inout StatementBinds) {}
        func decode(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
    }

    /// `migrations_run.sql`: one migration file, run whole.
    struct Run: OutboxStatement {
        typealias Row = Void
        static let file = Queries.migrationsRun
        let migration: SQLFile
        func bind(_ binds: inout StatementBinds) { binds.append(migration.text, as: "script") }
    }

    /// `migrations_record.sql`: the migration is applied.
    struct Record: OutboxStatement {
        typealias Row = Void
        static let file = Queries.migrationsRecord
        let migration: SQLFile
        func bind(_ binds: inout StatementBinds) { binds.append(migration.name, as: "version") }
    }
}
