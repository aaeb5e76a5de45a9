import Outbox

/// Inserts enqueue input into the outbox the way a chatbot would (step 1), one row at a time, so that each
/// refused item is reported with PostgreSQL's reason and the others still go in.
public struct Enqueuer: Sendable {
    let store: OutboxStore

    public init(store: OutboxStore) {
        self.store = store
    }

    /// The result of one input item.
    public struct Line: Sendable {
        public let location: String
        public let sourceKey: String?
        public let result: EnqueueResult
    }

    /// Inserts every entry; an entry that names no tenant goes to `tenant`, one that names no lane to `lane`.
    public func enqueue(_ entries: [EnqueueInput.Entry], tenant: String = Tenants.defaultName, lane: String = "live") async throws -> [Line] {
        var lines: [Line] = []
        for entry in entries {
            switch entry.item {
            case .failure(let error):
                lines.append(Line(location: entry.location, sourceKey: nil, result: .refused(reason: error.message)))
            case .success(let item):
                let result = try await store.enqueue(
                    tenant: item.tenant ?? tenant,
                    sourceKey: item.sourceKey,
                    kind: item.kind,
                    transcriptJSON: item.transcriptJSON,
                    lane: item.lane ?? lane
                )
                lines.append(Line(location: entry.location, sourceKey: item.sourceKey, result: result))
            }
        }
        return lines
    }
}
