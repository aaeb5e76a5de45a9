import Foundation
import PostgresNIO

extension OutboxStore {
    /// Records the resolved requester (nil forgets a stale one).
    public func checkpointRequester(_ lease: Lease, requesterID: UUID?) async throws {
        try await guarded(CheckpointRequesterStatement(lease: lease, requesterID: requesterID), lease)
    }

    /// Records that the import request is about to go out, with the requester it names and the `createdAt` it
    /// carries: what a later attempt needs to find the conversation if the answer is lost.
    public func checkpointImportIntent(_ lease: Lease, requesterID: UUID, createdAt: Date) async throws {
        try await guarded(CheckpointImportIntentStatement(lease: lease, requesterID: requesterID, createdAt: createdAt), lease)
    }

    /// Forgets the import intent after Dixa definitely refused the request.
    public func clearImportIntent(_ lease: Lease) async throws {
        try await guarded(ClearImportIntentStatement(lease: lease), lease)
    }

    /// Records the conversation Dixa created and its partial errors, atomically.
    public func checkpointConversation(_ lease: Lease, conversationID: Int64, partialErrors: [String]) async throws {
        try await checkpoint(
            CheckpointConversationStatement(lease: lease, conversationID: conversationID),
            partialErrors,
            source: "import",
            conversationID
        )
    }

    /// Records custom-attribute problems and marks the attribute step done, atomically.
    public func checkpointAttributes(_ lease: Lease, conversationID: Int64, problems: [String]) async throws {
        try await checkpoint(CheckpointAttributesStatement(lease: lease), problems, source: "attributes", conversationID)
    }

    /// Records that the escalated conversation now sits in `queueID`.
    public func checkpointTransfer(_ lease: Lease, conversationID: Int64, queueID: UUID) async throws {
        try await guarded(CheckpointTransferStatement(lease: lease, conversationID: conversationID, queueID: queueID), lease)
    }

    /// Writes a checkpoint and, with it atomically, the partial errors of its step.
    private func checkpoint<Statement: OutboxStatement & Leased>(
        _ statement: Statement,
        _ partialErrors: [String],
        source: String,
        _ conversationID: Int64
    ) async throws {
        // One statement is atomic on its own; a transaction would only add two round trips.
        if partialErrors.isEmpty { return try await guarded(statement, statement.lease) }
        try await transaction { connection in
            let updated = try await execute(statement, on: connection, timeout: statementTimeout)
            guard !updated.isEmpty else { throw Self.leaseLost(statement.lease) }
            for message in partialErrors {
                let error = RecordPartialErrorStatement(lease: statement.lease, conversationID: conversationID, source: source, message: message)
                _ = try await execute(error, on: connection, timeout: statementTimeout)
            }
        }
    }

    private func guarded(_ statement: some OutboxStatement, _ lease: Lease) async throws {
        guard try await executeGuarded(statement) else { throw Self.leaseLost(lease) }
    }

    static func leaseLost(_ lease: Lease) -> OutboxError {
        OutboxError(.leaseLost, "row \(lease.rowID) is no longer leased to this worker; leaving it to its new holder")
    }
}
