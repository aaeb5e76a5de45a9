import Logging
import PostgresNIO
import Synchronization

/// Whether the worker's hot statements run prepared. One instance is shared by every copy of an `OutboxStore`.
///
/// A pooler in transaction mode (PgBouncer before 1.21, or with `max_prepared_statements = 0`) hands each
/// transaction to whichever server connection is free, so a statement prepared on one is missing on the next, or
/// already exists there under the same name. The first time the server says so, the store switches prepared
/// statements off for the rest of the process and says why, once.
final class PreparedStatementMode: Sendable {
    private let on = Atomic<Bool>(true)

    var isOn: Bool { on.load(ordering: .relaxed) }

    /// `invalid_sql_statement_name` (26000: no such prepared statement) or `duplicate_prepared_statement` (42P05).
    static func isLostToPooler(_ error: PSQLError) -> Bool {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "26000" || state == "42P05"
    }

    func switchOff(because error: PSQLError, logger: Logger) {
        guard on.exchange(false, ordering: .relaxed) else { return }
        logger.warning(
            "prepared statements do not survive this database connection (a pooler such as PgBouncer in transaction mode?); running statements unprepared from now on",
            metadata: ["sqlstate": "\(error.serverInfo?[.sqlState] ?? "")"]
        )
    }
}
