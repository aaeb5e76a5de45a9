import Foundation
import Importer
import Outbox

/// A `RowHandler` that does everything to a row except talk to Dixa: validation, the import-intent checkpoint
/// (batched, as the importer writes it), then done. With it the worker measures what the queue itself costs.
struct QueueOnlyHandler: RowHandler {
    let store: OutboxStore
    let builder: ImportRequestBuilder

    init(store: OutboxStore, botAgentID: UUID) {
        self.store = store
        self.builder = ImportRequestBuilder(botAgentID: botAgentID)
    }

    /// Every requester is this one, as if the end-user cache knew them all.
    static let requester = UUID(uuidString: "00000000-0000-4000-8000-00000000be4c")!

    func preparation(of rows: [ClaimedRow]) -> BatchPreparation {
        var transcripts: [Int64: Transcript] = [:]
        for row in rows { transcripts[row.lease.rowID] = try? Transcript.parse(row.transcript) }
        let candidates = rows.compactMap { row in
            transcripts[row.lease.rowID].map {
                BatchPreparation.Candidate(lease: row.lease, requesterID: Self.requester, identities: [], createdAt: builder.createdAt(for: $0))
            }
        }
        return BatchPreparation(tenant: rows.first?.tenant ?? Tenants.defaultName, transcripts: transcripts, candidates: candidates)
    }

    /// A prepared row is done; any other row does what the importer would, minus Dixa: validation, then its own
    /// import-intent checkpoint.
    func decide(_ row: ClaimedRow, prepared: PreparedRow?) async -> RowDecision {
        if prepared?.intent != nil { return .imported(.checkpointed) }
        do {
            let transcript = try prepared?.transcript ?? Transcript.parse(row.transcript)
            try await store.checkpointImportIntent(row.lease, requesterID: Self.requester, createdAt: builder.createdAt(for: transcript))
            return .imported(.checkpointed)
        } catch let error as TranscriptError {
            return .dead(code: .invalidTranscript, message: error.message, httpStatus: nil)
        } catch let error as OutboxError where error.code == .leaseLost {
            return .leaseLost
        } catch {
            return .retry(code: .database, message: "database error: \(String(reflecting: error).prefix(300))", httpStatus: nil, notBefore: .zero)
        }
    }
}
