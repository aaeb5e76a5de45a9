import PostgresNIO

/// `row_overview.sql`: every row with its outcome, as `demo` prints it.
struct RowOverviewStatement: OutboxStatement {
    static let file = Queries.rowOverview
    let limit: Int

    func bind(_ binds: inout StatementBinds) { binds.append(Int64(limit), as: "limit") }

    func decode(_ row: PostgresRow) throws -> RowOverview {
        let (tenant, key, state, attempts, conversation, code, error, partials) = try row.decode(
            (String, String, String, Int32, Int64?, String?, String?, Int64).self
        )
        return RowOverview(
            tenant: tenant,
            sourceKey: key,
            state: state,
            attempts: Int(attempts),
            conversationID: conversation,
            lastErrorCode: code,
            lastError: error,
            partialErrors: Int(partials)
        )
    }
}

/// `partial_errors_list.sql`: every partial error with its row, oldest first.
struct PartialErrorsListStatement: OutboxStatement {
    static let file = Queries.partialErrorsList
    let limit: Int

    func bind(_ binds: inout StatementBinds) { binds.append(Int64(limit), as: "limit") }

    func decode(_ row: PostgresRow) throws -> PartialErrorEntry {
        let (tenant, key, source, message) = try row.decode((String, String, String, String).self)
        return PartialErrorEntry(tenant: tenant, sourceKey: key, source: source, message: message)
    }
}
