import Foundation
import Importer
import Outbox

/// Claim → checkpoint → complete with Dixa calls skipped, next to PgQueuer draining no-op jobs on the same server.
struct QueueResult: Codable, Sendable {
    var rows: Int
    var concurrency: Int
    var batchSize: Int
    var seconds: Double
    var rowsPerSecond: Double
    /// This process's CPU (the worker's: the queue-only mode calls nobody); PostgreSQL's is not in it.
    var cpuSecondsPer1000Rows: Double
    /// PgQueuer's dequeue workers, and the jobs each took per batch.
    var pgqueuerWorkers: Int?
    var pgqueuerBatch: Int?
    var pgqueuerJobsPerSecond: Double?
    var ratio: Double?
    var pgqueuerError: String?
}

enum QueueScenario {
    static func run(_ world: BenchWorld, rows: Int, concurrency: Int, run: Int, peer: PgQueuerPeer) async throws -> QueueResult {
        let url = try await world.freshDatabase("queue\(run)")
        let configuration = BenchWorld.configuration(concurrency: concurrency, worker: "bench-queue", batchSize: world.batchSize)
        let (seconds, cpu) = try await world.withStore(url, connections: 20) { store in
            try await Workload.prepareQueueOnly(rows: rows, store: store)
            let handler = QueueOnlyHandler(store: store, botAgentID: configuration.botAgentID)
            let worker = ImportWorker(store: store, handler: handler, configuration: configuration, logger: world.logger)
            let started = ContinuousClock.now
            let cpuBefore = processCPUSeconds()
            let summary = try await worker.drain()
            let elapsed = (ContinuousClock.now - started).seconds
            let cpu = processCPUSeconds() - cpuBefore
            guard summary.imported == rows else { throw BenchError("queue-only drain completed \(summary.imported) of \(rows) rows") }
            return (elapsed, cpu)
        }
        var result = QueueResult(
            rows: rows,
            concurrency: concurrency,
            batchSize: configuration.batchSize,
            seconds: seconds,
            rowsPerSecond: Double(rows) / seconds,
            cpuSecondsPer1000Rows: cpu / Double(rows) * 1000
        )
        do {
            let peerURL = try await world.freshDatabase("pgqueuer\(run)")
            let output = try await SiblingProcess.onOwnThread { try peer.run(dsn: peerURL, jobs: rows) }
            result.pgqueuerWorkers = peer.workers
            result.pgqueuerBatch = peer.batch
            result.pgqueuerJobsPerSecond = output.jobsPerSecond
            result.ratio = result.rowsPerSecond / output.jobsPerSecond
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
