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

/// A row to mark imported, with its attempt, as part of one statement for many rows.
public struct ImportedRow: Sendable {
    public let lease: Lease
    /// The conversation the import created, when no checkpoint has recorded it yet.
    public let unrecordedConversationID: Int64?
    public let startedAt: Date
    public let dixaCalls: Int

    public init(lease: Lease, unrecordedConversationID: Int64?, startedAt: Date, dixaCalls: Int) {
        self.lease = lease
        self.unrecordedConversationID = unrecordedConversationID
        self.startedAt = startedAt
        self.dixaCalls = dixaCalls
    }
}

extension OutboxStore {
    /// The cached end user of each identity that has one, in one statement.
    public func cachedEndUsers(for identities: [EndUserIdentity]) async throws -> [EndUserIdentity: UUID] {
        guard !identities.isEmpty else { return [:] }
        return try EndUserStatements.decode(try await execute(HotQueries.EndUserLookupMany.self, EndUserStatements.lookupBinds(identities)))
    }

    /// Writes the import-intent checkpoint of many rows in one statement. Returns the ids of the rows whose lease
    /// still held; nothing was written for the others.
    public func checkpointImportIntents(_ intents: [ImportIntent]) async throws -> Set<Int64> {
        guard !intents.isEmpty else { return [] }
        var binds = PostgresBindings()
        binds.append(intents.map(\.lease.rowID))
        binds.append(intents.map(\.lease.token))
        binds.append(intents.map(\.requesterID))
        binds.append(intents.map(\.createdAt))
        return Set(try await execute(HotQueries.CheckpointImportIntents.self, binds).map { try $0.decode(Int64.self) })
    }

    /// Marks many rows imported, each with its attempt, in one statement. Returns the ids of the rows whose
    /// lease still held; nothing was written for the others.
    public func completeImported(_ rows: [ImportedRow], worker: String) async throws -> Set<Int64> {
        guard !rows.isEmpty else { return [] }
        var binds = PostgresBindings()
        binds.append(rows.map(\.lease.rowID))
        binds.append(rows.map(\.lease.token))
        // The statement reads 0 as "already checkpointed": Dixa's conversation ids are positive.
        binds.append(rows.map { $0.unrecordedConversationID ?? 0 })
        binds.append(rows.map(\.startedAt))
        binds.append(rows.map { Int32($0.dixaCalls) })
        binds.append(worker)
        return Set(try await execute(HotQueries.CompleteMany.self, binds).map { try $0.decode(Int64.self) })
    }
}
