import Foundation
@_spi(Benchmark) import Importer
import Outbox

/// Claim → checkpoint → complete with Dixa calls skipped, next to PgQueuer draining no-op jobs on the same server.
struct QueueResult: Codable, Sendable {
    var rows: Int
    var concurrency: Int
    var seconds: Double
    var rowsPerSecond: Double
    var pgqueuerJobsPerSecond: Double?
    var ratio: Double?
    var pgqueuerError: String?
}

enum QueueScenario {
    static func run(_ world: BenchWorld, rows: Int, concurrency: Int, run: Int, python: String, peerScript: String) async throws -> QueueResult {
        let url = try await world.freshDatabase("queue\(run)")
        let seconds = try await world.withStore(url, connections: 20) { store in
            try await Workload.prepareQueueOnly(rows: rows, store: store)
            let worker = ImportWorker.queueOnly(
                store: store,
                configuration: BenchWorld.configuration(concurrency: concurrency, worker: "bench-queue", batchSize: world.batchSize),
                logger: world.logger
            )
            let started = ContinuousClock.now
            let summary = try await worker.drain()
            let elapsed = (ContinuousClock.now - started).seconds
            guard summary.imported == rows else { throw BenchError("queue-only drain completed \(summary.imported) of \(rows) rows") }
            return elapsed
        }
        var result = QueueResult(rows: rows, concurrency: concurrency, seconds: seconds, rowsPerSecond: Double(rows) / seconds)
        do {
            let peerURL = try await world.freshDatabase("pgqueuer\(run)")
            let peer = try PgQueuerPeer.run(python: python, script: peerScript, dsn: peerURL, jobs: rows)
            result.pgqueuerJobsPerSecond = peer.jobsPerSecond
            result.ratio = result.rowsPerSecond / peer.jobsPerSecond
        } catch {
            result.pgqueuerError = "\(error)"
        }
        return result
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
