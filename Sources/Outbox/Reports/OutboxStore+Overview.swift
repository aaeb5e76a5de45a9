import PostgresNIO

/// One row's outcome, as `demo` prints it.
public struct RowOverview: Sendable, Equatable {
    public let tenant: String
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
        try await execute(RowOverviewStatement(limit: limit))
    }
}

/// One recorded partial error with its row.
public struct PartialErrorEntry: Sendable, Equatable {
    public let tenant: String
    public let sourceKey: String
    /// `import` (Dixa's partialErrors) or `attributes`.
    public let source: String
    public let message: String
}

extension OutboxStore {
    /// The first `limit` partial errors, oldest first.
    public func partialErrors(limit: Int = 1000) async throws -> [PartialErrorEntry] {
        try await execute(PartialErrorsListStatement(limit: limit))
    }
}
