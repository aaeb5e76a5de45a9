import Foundation
import PostgresNIO

/// A chatbot's request to reopen a closed conversation, claimed by a worker.
public struct ReopenRequest: Sendable, Equatable {
    public let id: Int64
    public let conversationID: Int64
    /// Attempts including this one.
    public let attempts: Int
}

/// What became of a reopen request.
public enum ReopenOutcome: Sendable, Equatable {
    case done
    case retry(after: Duration, error: String)
    case dead(error: String)
}

extension OutboxStore {
    /// Claims up to `limit` due reopen requests for `lease`.
    public func claimReopenRequests(limit: Int, lease: Duration) async throws -> [ReopenRequest] {
        var binds = PostgresBindings()
        binds.append(Int64(limit))
        binds.append(milliseconds: lease)
        return try await execute(HotQueries.ReopenClaim.self, binds).map { row in
            let (id, conversation, attempts) = try row.decode((Int64, Int64, Int32).self)
            return ReopenRequest(id: id, conversationID: conversation, attempts: Int(attempts))
        }
    }

    /// Records a reopen request's outcome.
    public func finishReopenRequest(_ id: Int64, _ outcome: ReopenOutcome) async throws {
        var binds = PostgresBindings()
        binds.append(id)
        switch outcome {
        case .done:
            binds.append("done")
            binds.append(String?.none)
            binds.append(milliseconds: .zero)
        case .retry(let delay, let error):
            binds.append("pending")
            binds.append(error)
            binds.append(milliseconds: delay)
        case .dead(let error):
            binds.append("dead")
            binds.append(error)
            binds.append(milliseconds: .zero)
        }
        _ = try await execute(Queries.reopenFinish, binds)
    }
}
