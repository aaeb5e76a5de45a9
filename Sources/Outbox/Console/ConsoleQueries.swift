/// The operator console's statements, `sql/reports/console_*.sql`: bound parameters like `sql/queries/`, kept beside
/// the reports because they read what the reports read. They are not `Report`s: `psql -f` cannot bind `$1`.
public enum ConsoleQueries {
    static let overviewStates = SQLFile("console_overview_states", PackageResources.console_overview_states_sql)
    static let overviewOldestDue = SQLFile("console_overview_oldest_due", PackageResources.console_overview_oldest_due_sql)
    static let overviewMinutes = SQLFile("console_overview_minutes", PackageResources.console_overview_minutes_sql)
    static let overviewBudget = SQLFile("console_overview_budget", PackageResources.console_overview_budget_sql)
    static let activeHalts = SQLFile("console_active_halts", PackageResources.console_active_halts_sql)
    static let halts = SQLFile("console_halts", PackageResources.console_halts_sql)
    static let deadRows = SQLFile("console_dead_rows", PackageResources.console_dead_rows_sql)
    static let deadCodes = SQLFile("console_dead_codes", PackageResources.console_dead_codes_sql)
    static let row = SQLFile("console_row", PackageResources.console_row_sql)
    static let rowAttempts = SQLFile("console_row_attempts", PackageResources.console_row_attempts_sql)
    static let rowPartialErrors = SQLFile("console_row_partial_errors", PackageResources.console_row_partial_errors_sql)
    static let conversationEvents = SQLFile("console_conversation_events", PackageResources.console_conversation_events_sql)

    /// Every console file, for the tests that check it against `sql/reports/` and its statement types.
    public static let all: [SQLFile] = [
        overviewStates, overviewOldestDue, overviewMinutes, overviewBudget, activeHalts, halts, deadRows, deadCodes, row,
        rowAttempts, rowPartialErrors, conversationEvents,
    ]

    /// The files that answer a list, each of which must end in a LIMIT so that a page costs the same on any table.
    /// The others answer one row: an aggregate, a row by primary key. (The requeue is `requeue.sql`, `requeue`'s own.)
    public static let lists: [SQLFile] = all.filter { ![overviewOldestDue, row].contains($0) }
}
