import Foundation
import PostgresNIO

extension OutboxStore {
    /// Records the resolved requester (nil forgets a stale one).
    public func checkpointRequester(_ lease: Lease, requesterID: UUID?) async throws {
        var binds = PostgresBindings(lease: lease)
        binds.append(requesterID)
        try await guarded(HotQueries.CheckpointRequester.self, binds, lease)
    }

    /// Records that the import request is about to go out, with the requester it names and the `createdAt` it
    /// carries: what a later attempt needs to find the conversation if the answer is lost.
    public func checkpointImportIntent(_ lease: Lease, requesterID: UUID, createdAt: Date) async throws {
        var binds = PostgresBindings(lease: lease)
        binds.append(requesterID)
        binds.append(createdAt)
        try await guarded(HotQueries.CheckpointImportIntent.self, binds, lease)
    }

    /// Forgets the import intent after Dixa definitely refused the request.
    public func clearImportIntent(_ lease: Lease) async throws {
        try await guarded(HotQueries.ClearImportIntent.self, PostgresBindings(lease: lease), lease)
    }

    /// Records the conversation Dixa created and its partial errors, atomically.
    public func checkpointConversation(_ lease: Lease, conversationID: Int64, partialErrors: [String]) async throws {
        if partialErrors.isEmpty {
            // One statement is atomic on its own; a transaction would only add two round trips.
            var binds = PostgresBindings(lease: lease)
            binds.append(conversationID)
            return try await guarded(HotQueries.CheckpointConversation.self, binds, lease)
        }
        try await transaction { connection in
            var binds = PostgresBindings(lease: lease)
            binds.append(conversationID)
            let updated = try await connection.rows(
                PostgresQuery(unsafeSQL: Queries.checkpointConversation.text, binds: binds),
                timeout: statementTimeout,
                logger: logger
            )
            guard !updated.isEmpty else { throw Self.leaseLost(lease) }
            for message in partialErrors {
                try await connection.rows(
                    PostgresQuery(unsafeSQL: Queries.recordPartialError.text, binds: partialErrorBinds(lease, conversationID, "import", message)),
                    timeout: statementTimeout,
                    logger: logger
                )
            }
        }
    }

    /// Records custom-attribute problems and marks the attribute step done, atomically.
    public func checkpointAttributes(_ lease: Lease, conversationID: Int64, problems: [String]) async throws {
        if problems.isEmpty { return try await guarded(HotQueries.CheckpointAttributes.self, PostgresBindings(lease: lease), lease) }
        try await transaction { connection in
            let updated = try await connection.rows(
                PostgresQuery(unsafeSQL: Queries.checkpointAttributes.text, binds: PostgresBindings(lease: lease)),
                timeout: statementTimeout,
                logger: logger
            )
            guard !updated.isEmpty else { throw Self.leaseLost(lease) }
            for message in problems {
                try await connection.rows(
                    PostgresQuery(unsafeSQL: Queries.recordPartialError.text, binds: partialErrorBinds(lease, conversationID, "attributes", message)),
                    timeout: statementTimeout,
                    logger: logger
                )
            }
        }
    }

    /// Records that the escalated conversation now sits in `queueID`.
    public func checkpointTransfer(_ lease: Lease, conversationID: Int64, queueID: UUID) async throws {
        var binds = PostgresBindings(lease: lease)
        binds.append(conversationID)
        binds.append(queueID)
        try await guarded(HotQueries.CheckpointTransfer.self, binds, lease)
    }

    private func partialErrorBinds(_ lease: Lease, _ conversationID: Int64, _ source: String, _ message: String) -> PostgresBindings {
        var binds = PostgresBindings(lease: lease)
        binds.append(conversationID)
        binds.append(source)
        binds.append(message)
        return binds
    }

    private func guarded<Query: HotQuery>(_ query: Query.Type, _ binds: PostgresBindings, _ lease: Lease) async throws {
        guard try await executeGuarded(query, binds) else { throw Self.leaseLost(lease) }
    }

    static func leaseLost(_ lease: Lease) -> OutboxError {
        OutboxError(.leaseLost, "row \(lease.rowID) is no longer leased to this worker; leaving it to its new holder")
    }
}
