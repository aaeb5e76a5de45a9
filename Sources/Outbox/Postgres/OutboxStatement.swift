import Logging
import PostgresNIO

/// One statement of `sql/queries/`: which file, its parameters in `$1, $2, …` order, and how its rows decode, in
/// one type, as postgres-nio's `PostgresPreparedStatement` keeps them.
///
/// `bind` names each parameter as it appends it, and every file's `-- binds:` line names its parameters in order;
/// `OutboxStatementTests` compares the two for every statement, so a parameter bound in the wrong place fails a test
/// instead of binding a wrong value of the same type.
protocol OutboxStatement: Sendable {
    associatedtype Row: Sendable
    static var file: SQLFile { get }
    /// Runs as a named prepared statement when outside a transaction (see `PreparedQuery`): the statements the worker
    /// runs for every batch, row or Dixa request.
    static var runsPrepared: Bool { get }
    func bind(_ binds: inout StatementBinds)
    func decode(_ row: PostgresRow) throws -> Row
}

extension OutboxStatement {
    static var runsPrepared: Bool { false }

    var binds: StatementBinds {
        var binds = StatementBinds()
        bind(&binds)
        return binds
    }

    /// The statement as an unprepared query.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: Self.file.text, binds: binds.bindings) }
}

extension OutboxStatement where Row == Void {
    func decode(_ row: PostgresRow) throws {}
}

/// A statement's parameters, each appended with the name its SQL file gives it.
struct StatementBinds {
    private(set) var bindings = PostgresBindings()
    private(set) var names: [String] = []

    mutating func append<Value: PostgresNonThrowingEncodable>(_ value: Value, as name: String) {
        bindings.append(value)
        names.append(name)
    }

    mutating func append<Value: PostgresNonThrowingEncodable>(_ value: Value?, as name: String) {
        bindings.append(value)
        names.append(name)
    }

    /// A duration as whole milliseconds, the unit the statements multiply by `interval '1 millisecond'`.
    mutating func append(milliseconds duration: Duration, as name: String) {
        let (seconds, attoseconds) = duration.components
        append(Int64(seconds) * 1000 + Int64(attoseconds / 1_000_000_000_000_000), as: name)
    }

    /// A lease's row id and token: `$1 id, $2 lease_token` of every guarded statement.
    mutating func append(lease: Lease) {
        append(lease.rowID, as: "id")
        append(lease.token, as: "lease_token")
    }
}

extension OutboxStore {
    /// Runs `statement` on a pooled connection (prepared when it is one of the hot ones) and decodes its rows. It
    /// fails with `connectionLost`, rather than waiting for ever, when the connection dies under it.
    func execute<Statement: OutboxStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        let rows = try await leases.withConnection { connection in
            if Statement.runsPrepared {
                return try await connection.rows(
                    prepared: Statement.self,
                    statement.binds.bindings,
                    mode: preparedStatements,
                    timeout: statementTimeout,
                    logger: logger
                )
            }
            return try await connection.rows(statement.query, timeout: statementTimeout, logger: logger)
        }
        return try rows.map(statement.decode)
    }

    /// Runs `statement` on `connection`, inside a transaction, unprepared (a statement there must be able to run again).
    func execute<Statement: OutboxStatement>(
        _ statement: Statement,
        on connection: PostgresConnection,
        timeout: Duration?
    ) async throws -> [Statement.Row] {
        try await connection.rows(statement.query, timeout: timeout, logger: logger).map(statement.decode)
    }

    /// Runs a write-back guarded by `WHERE id = … AND lease_token = …` and reports whether the lease still held.
    func executeGuarded<Statement: OutboxStatement>(_ statement: Statement) async throws -> Bool {
        try await !execute(statement).isEmpty
    }
}

/// A statement guarded by a row's lease (`WHERE id = $1 AND lease_token = $2`).
protocol Leased {
    var lease: Lease { get }
}
