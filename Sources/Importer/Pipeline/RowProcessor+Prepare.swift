import Foundation
import Outbox

extension RowProcessor {
    /// Step 4 for this tenant's rows of a claimed batch: parses their transcripts, and names the rows whose import
    /// intent the batch's statement may write, with what the cache is to be asked (`BatchPreparer`).
    public func preparation(of rows: [ClaimedRow]) -> BatchPreparation {
        let transcripts = Self.parse(rows.filter { !rules.isAbandoned($0) })
        let candidates = rows.compactMap { row -> BatchPreparation.Candidate? in
            guard let transcript = transcripts[row.lease.rowID], RowPlan(row, transcript, rules).importMayBePreparedInBatch(row.checkpoints)
            else { return nil }
            return BatchPreparation.Candidate(
                lease: row.lease,
                requesterID: row.checkpoints.requesterID,
                identities: RequesterResolver.identities(of: transcript.requester),
                createdAt: builder.createdAt(for: transcript)
            )
        }
        return BatchPreparation(tenant: tenant, transcripts: transcripts, candidates: candidates)
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
