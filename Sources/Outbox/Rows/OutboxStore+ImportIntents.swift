import Foundation
import PostgresNIO

/// The import-intent checkpoint of one row, written for a whole claimed batch at once.
public struct ImportIntent: Sendable {
    public let lease: Lease
    public let requesterID: UUID
    public let createdAt: Date

    public init(lease: Lease, requesterID: UUID, createdAt: Date) {
        self.lease = lease
        self.requesterID = requesterID
        self.createdAt = createdAt
    }
}

extension OutboxStore {
    /// Writes the import-intent checkpoint of many rows in one statement (step 4). Returns the ids of the rows whose
    /// lease still held; nothing was written for the others.
    public func checkpointImportIntents(_ intents: [ImportIntent]) async throws -> Set<Int64> {
        guard !intents.isEmpty else { return [] }
        return Set(try await execute(CheckpointImportIntentsStatement(intents: intents)))
    }
}
