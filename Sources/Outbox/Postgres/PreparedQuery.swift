import Logging
import PostgresNIO

/// A statement from `sql/queries/` that the worker runs for every batch, row or Dixa request, so it runs as a named
/// prepared statement: PostgreSQL parses and plans it once per connection instead of at every execution. In batches
/// of 10, planning the claim had cost PostgreSQL more time than running it.
///
/// postgres-nio names a prepared statement after a type: each `OutboxStatement` whose `runsPrepared` is true is one.
///
/// postgres-nio's view of such a statement: its text under a stable name, the bindings of one execution, rows as they come.
struct PreparedQuery<Query: OutboxStatement>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { Query.file.preparedName }
    static var sql: String { Query.file.text }

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

extension PostgresConnection {
    /// Runs `query` on its own (not inside a transaction block) and collects its rows, failing at once if the
    /// connection closes meanwhile. It runs prepared while `mode` allows; when the server has lost or refuses the
    /// prepared statement, which only a pooler between us and PostgreSQL does, it switches `mode` off and runs the
    /// statement unprepared: a statement that was never found never ran, so running it again is safe.
    func rows<Query: OutboxStatement>(
        prepared query: Query.Type,
        _ binds: PostgresBindings,
        mode: PreparedStatementMode,
        timeout: Duration?,
        logger: Logger
    ) async throws -> [PostgresRow] {
        if mode.isOn {
            do {
                return try await untilClosed(timeout: timeout) {
                    var rows: [PostgresRow] = []
                    for try await row in try await self.execute(PreparedQuery<Query>(bindings: binds), logger: logger) { rows.append(row) }
                    return rows
                }
            } catch let error as PSQLError where PreparedStatementMode.isLostToPooler(error) {
                mode.switchOff(because: error, logger: logger)
            }
        }
        return try await rows(PostgresQuery(unsafeSQL: Query.file.text, binds: binds), timeout: timeout, logger: logger)
    }
}
