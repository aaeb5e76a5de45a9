import DixaAPI
import Foundation
import Logging
import Outbox

extension ImportWorker {
    /// A worker that does everything to a row except talk to Dixa: claim, validate, one checkpoint, complete.
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

    /// The queue-only stand-in for `RowProcessor.decide`: the same validation, and the requester checkpoint a real
    /// row writes, with a fixed requester instead of a lookup.
    func queueOnlyDecision(_ row: ClaimedRow) async -> RowDecision {
        do {
            _ = try Transcript.parse(row.transcript)
            try await store.checkpointRequester(row.lease, requesterID: Self.benchmarkRequester)
            return .imported
        } catch let error as TranscriptError {
            return .dead(code: "invalid_transcript", message: error.message, httpStatus: nil)
        } catch {
            return .retry(code: "database", message: "database error: \(String(reflecting: error).prefix(300))", httpStatus: nil, notBefore: .zero)
        }
    }

    private static let benchmarkRequester = UUID(uuidString: "00000000-0000-4000-8000-00000000be4c")!
}
