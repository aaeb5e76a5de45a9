import Foundation
import Outbox

/// What `RowHandler.prepare(_:)` did for one row of a claimed batch.
public struct PreparedRow: Sendable {
    public let transcript: Transcript
    /// The import-intent checkpoint, already written: the import request may go out at once. Nil when the row
    /// needs more first (a requester not in the cache, a reconciliation), which it then does on its own.
    public var intent: ImportIntent?
    /// The batch's cache lookup knew none of the requester's identities: resolving it need not look again before
    /// taking the identity locks.
    public var requesterCacheMissed = false

    public init(transcript: Transcript, intent: ImportIntent?, requesterCacheMissed: Bool = false) {
        self.transcript = transcript
        self.intent = intent
        self.requesterCacheMissed = requesterCacheMissed
    }
}

extension RowProcessor {
    /// Step 4 of a row's journey (docs/ARCHITECTURE.md): does for a whole claimed batch, in two statements, what each
    /// row would otherwise do with statements of its own. It looks up the requesters in the end-user cache (the first
    /// look of step 6), then writes the import-intent checkpoints of every row whose requester is known (step 8). Rows
    /// it cannot prepare go the one-by-one way in `decide`.
    public func prepare(_ rows: [ClaimedRow]) async -> [Int64: PreparedRow] {
        let transcripts = Self.parse(rows.filter { !rules.isAbandoned($0) })
        let toImport = rows.filter { row in
            guard let transcript = transcripts[row.lease.rowID] else { return false }
            return RowPlan(row, transcript, rules).importMayBePreparedInBatch(row.checkpoints)
        }
        do {
            var identities: [Int64: [EndUserIdentity]] = [:]
            for row in toImport where row.checkpoints.requesterID == nil {
                identities[row.lease.rowID] = transcripts[row.lease.rowID].map { RequesterResolver.identities(of: $0.requester) }
            }
            let cached = try await store.cachedEndUsers(tenant: tenant, for: Array(Set(identities.values.joined())))
            var missed: [Int64] = []
            var prepared = try await checkpointIntents(transcripts, toImport) { row, _ in
                // As `RequesterResolver.resolve`: the first identity, in its order, that the cache knows.
                let requester = row.checkpoints.requesterID ?? identities[row.lease.rowID]?.firstCached(in: cached)
                if requester == nil { missed.append(row.lease.rowID) }
                return requester
            }
            for id in missed { prepared[id]?.requesterCacheMissed = true }
            return prepared
        } catch {
            // Each row then meets (and reports) the same trouble on its own.
            logger.debug("could not prepare the batch; its rows go one by one", metadata: ["error": "\(String(reflecting: error).prefix(200))"])
            return transcripts.mapValues { PreparedRow(transcript: $0, intent: nil) }
        }
    }

    /// Writes, in one statement, the import intent of each of `rows` that `requester` names a requester for.
    func checkpointIntents(
        _ transcripts: [Int64: Transcript],
        _ rows: [ClaimedRow],
        requester: (ClaimedRow, Transcript) -> UUID?
    ) async throws -> [Int64: PreparedRow] {
        var intents: [Int64: ImportIntent] = [:]
        for row in rows {
            guard let transcript = transcripts[row.lease.rowID], let requesterID = requester(row, transcript) else { continue }
            intents[row.lease.rowID] = ImportIntent(lease: row.lease, requesterID: requesterID, createdAt: builder.createdAt(for: transcript))
        }
        let written = try await store.checkpointImportIntents(Array(intents.values))
        var prepared: [Int64: PreparedRow] = [:]
        for (id, transcript) in transcripts {
            prepared[id] = PreparedRow(transcript: transcript, intent: written.contains(id) ? intents[id] : nil)
        }
        return prepared
    }

    /// The transcripts that parse, by row id; a row whose transcript does not goes dead in `decide`, with the message.
    static func parse(_ rows: [ClaimedRow]) -> [Int64: Transcript] {
        var transcripts: [Int64: Transcript] = [:]
        for row in rows {
            transcripts[row.lease.rowID] = try? Transcript.parse(row.transcript)
        }
        return transcripts
    }
}
