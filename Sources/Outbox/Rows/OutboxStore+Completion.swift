import Foundation
import PostgresNIO

/// A row to mark imported, with its attempt, as part of one statement for many rows.
public struct ImportedRow: Sendable {
    public let lease: Lease
    /// The conversation the import created, when no checkpoint has recorded it yet.
    public let unrecordedConversationID: Int64?
    public let startedAt: Date
    public let dixaCalls: Int
    /// How many of the calls Dixa answered 429.
    public let rateLimited: Int

    public init(lease: Lease, unrecordedConversationID: Int64?, startedAt: Date, dixaCalls: Int, rateLimited: Int = 0) {
        self.lease = lease
        self.unrecordedConversationID = unrecordedConversationID
        self.startedAt = startedAt
        self.dixaCalls = dixaCalls
        self.rateLimited = rateLimited
    }
}

extension OutboxStore {
    /// Marks many rows imported, each with its attempt, in one statement (step 13). Returns the ids of the rows whose
    /// lease still held; nothing was written for the others.
    public func completeImported(_ rows: [ImportedRow], worker: String) async throws -> Set<Int64> {
        guard !rows.isEmpty else { return [] }
        return Set(try await execute(CompleteManyStatement(rows: rows, worker: worker)))
    }
}
