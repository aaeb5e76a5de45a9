import PostgresNIO

/// One row's outcome, as `demo` prints it.
public struct RowOverview: Sendable, Equatable {
    public let sourceKey: String
    public let state: String
    public let attempts: Int
    public let conversationID: Int64?
    public let lastErrorCode: String?
    public let lastError: String?
    public let partialErrors: Int
}

extension OutboxStore {
    /// The first `limit` rows with their outcome.
    public func rowOverview(limit: Int = 1000) async throws -> [RowOverview] {
        var binds = PostgresBindings()
        binds.append(Int64(limit))
        let rows = try await self.rows(PostgresQuery(unsafeSQL: Queries.rowOverview.text, binds: binds))
        var overview: [RowOverview] = []
        for (key, state, attempts, conversation, code, error, partials) in try rows.map({
            try $0.decode((String, String, Int32, Int64?, String?, String?, Int64).self)
        }) {
            overview.append(
                RowOverview(
                    sourceKey: key,
                    state: state,
                    attempts: Int(attempts),
                    conversationID: conversation,
                    lastErrorCode: code,
                    lastError: error,
                    partialErrors: Int(partials)
                )
            )
        }
        return overview
    }
}

/// One recorded partial error with its row.
public struct PartialErrorEntry: Sendable, Equatable {
    public let sourceKey: String
    /// `import` (Dixa's partialErrors) or `attributes`.
    public let source: String
    public let message: String
}

extension OutboxStore {
    /// The first `limit` partial errors, oldest first.
    public func partialErrors(limit: Int = 1000) async throws -> [PartialErrorEntry] {
        var binds = PostgresBindings()
        binds.append(Int64(limit))
        let rows = try await self.rows(PostgresQuery(unsafeSQL: Queries.partialErrorsList.text, binds: binds))
        var entries: [PartialErrorEntry] = []
        for (key, source, message) in try rows.map({ try $0.decode((String, String, String).self) }) {
            entries.append(PartialErrorEntry(sourceKey: key, source: source, message: message))
        }
        return entries
    }
}
