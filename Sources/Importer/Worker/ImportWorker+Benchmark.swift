import DixaAPI
import Foundation
import Logging
import Outbox

extension ImportWorker {
    /// A worker that does everything to a row except talk to Dixa: claim, validate, the import-intent checkpoint, complete.
    /// It measures what the queue itself costs. `dixa-bench` is its only user; it is behind an SPI, so neither the
    /// command line nor an ordinary `import Importer` can reach it.
    @_spi(Benchmark)
    public static func queueOnly(store: OutboxStore, configuration: ImporterConfiguration, logger: Logger) -> ImportWorker {
        // Never called: the address is only there because a worker is built with a client.
        let unused = DixaClient(configuration: DixaClientConfiguration(baseURL: "http://127.0.0.1:9", token: DixaToken("unused")), logger: logger)
        let worker = ImportWorker(store: store, dixa: unused, configuration: configuration, logger: logger)
        worker.skipsDixa.store(true, ordering: .relaxed)
        return worker
    }

    /// The queue-only stand-in for `RowProcessor.prepare`: the same validation and the same batched import-intent
    /// checkpoint, with a fixed requester instead of the end-user cache.
    func queueOnlyPrepare(_ rows: [ClaimedRow]) async -> [Int64: PreparedRow] {
        let transcripts = RowProcessor.parse(rows)
        do {
            return try await processor.checkpointIntents(transcripts, rows) { _, _ in Self.benchmarkRequester }
        } catch {
            return transcripts.mapValues { PreparedRow(transcript: $0, intent: nil) }
        }
    }

    /// The queue-only stand-in for `RowProcessor.decide`: a prepared row is done; any other row does what `decide`
    /// would, minus Dixa: validation, then its own import-intent checkpoint.
    func queueOnlyDecision(_ row: ClaimedRow, prepared: PreparedRow?) async -> RowDecision {
        if prepared?.intent != nil { return .imported(.checkpointed) }
        do {
            let transcript = try prepared?.transcript ?? Transcript.parse(row.transcript)
            let createdAt = processor.builder.createdAt(for: transcript)
            try await store.checkpointImportIntent(row.lease, requesterID: Self.benchmarkRequester, createdAt: createdAt)
            return .imported(.checkpointed)
        } catch let error as TranscriptError {
            return .dead(code: .invalidTranscript, message: error.message, httpStatus: nil)
        } catch let error as OutboxError where error.code == .leaseLost {
            return .leaseLost
        } catch {
            return .retry(code: .database, message: "database error: \(String(reflecting: error).prefix(300))", httpStatus: nil, notBefore: .zero)
        }
    }

    private static let benchmarkRequester = UUID(uuidString: "00000000-0000-4000-8000-00000000be4c")!
}
