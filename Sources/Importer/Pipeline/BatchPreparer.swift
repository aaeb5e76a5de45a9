import Logging
import Outbox

/// Step 4 of a row's journey (docs/ARCHITECTURE.md) for a whole claimed batch, whatever its tenants: one statement
/// looks up every tenant's requesters in the end-user cache (the first look of step 6), one writes the import intent
/// of every row whose requester is known (step 8). With many tenants a batch holds a row or two of each, so these are
/// two statements per batch where statements per tenant would be one or two per row. Rows it cannot prepare go the
/// one-by-one way in `decide`.
struct BatchPreparer {
    let store: OutboxStore
    let logger: Logger

    func prepare(_ parts: [BatchPreparation]) async -> [Int64: PreparedRow] {
        do {
            let lookups = Dictionary(parts.map { ($0.tenant, $0.identitiesToLookUp) }) { $0.union($1) }
            let cached = try await store.cachedEndUsers(of: lookups)
            let decided = parts.map { $0.intents(cached: cached[$0.tenant] ?? [:]) }
            let written = try await store.checkpointImportIntents(decided.flatMap(\.intents))
            var prepared: [Int64: PreparedRow] = [:]
            for (part, (intents, missed)) in zip(parts, decided) {
                prepared.merge(part.prepared(intents: intents, written: written, missed: missed)) { first, _ in first }
            }
            return prepared
        } catch {
            // Each row then meets (and reports) the same trouble on its own.
            logger.debug("could not prepare the batch; its rows go one by one", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
            var prepared: [Int64: PreparedRow] = [:]
            for part in parts { prepared.merge(part.unprepared) { first, _ in first } }
            return prepared
        }
    }
}
