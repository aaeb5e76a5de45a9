import Foundation
import PostgresNIO

/// What happened to one enqueued transcript.
public enum EnqueueResult: Sendable, Equatable {
    /// A new row with this id.
    case inserted(id: Int64)
    /// A row with this source key already exists; nothing changed.
    case duplicate
    /// The database refused it, with PostgreSQL's message (for a bad transcript, the path of the problem).
    case refused(reason: String)
}

extension OutboxStore {
    /// Inserts one row exactly as a chatbot would. Refusals come back as a result, not an error,
    /// so a batch can go on with the rows around a bad one.
    public func enqueue(
        tenant: String = Tenants.defaultName,
        sourceKey: String,
        kind: String,
        transcriptJSON: String,
        lane: String = "live"
    ) async throws -> EnqueueResult {
        do {
            let statement = EnqueueStatement(tenant: tenant, sourceKey: sourceKey, kind: kind, transcriptJSON: transcriptJSON, lane: lane)
            let inserted = try await execute(statement)
            return inserted.first.map { .inserted(id: $0) } ?? .duplicate
        } catch let error as PSQLError where error.code == .server {
            // 22 data exceptions, 23 integrity violations and 54 program limits (a transcript nested too deep
            // for the server) are the row's fault; anything else is the database's.
            let state = error.serverInfo?[.sqlState] ?? ""
            guard ["22", "23", "54"].contains(String(state.prefix(2))) else { throw error }
            return .refused(reason: error.serverInfo?[.message] ?? "refused by the database (SQLSTATE \(state))")
        }
    }
}
