import DixaSandbox
import Foundation
import Importer
import Outbox

/// The whole import against the sandbox with no rate limit and no pacing: what the importer costs when Dixa is
/// not the bottleneck. CPU is this process's, which includes the in-process sandbox; PostgreSQL's is not in it.
struct PipelineResult: Codable, Sendable {
    var rows: Int
    var concurrency: Int
    var seconds: Double
    var conversationsPerSecond: Double
    var cpuSecondsPer1000Rows: Double
    var dixaCalls: Int
}

enum PipelineScenario {
    static func run(_ world: BenchWorld, rows: Int, concurrency: Int, run: Int) async throws -> PipelineResult {
        await world.sandbox.reset()
        await world.sandbox.setRateLimit(nil)
        let tag = "pipeline\(run)"
        let url = try await world.freshDatabase(tag)
        return try await world.withStore(url, connections: 20) { store in
            try await Workload.prepareMix(rows: rows, tag: tag, store: store, dixa: world.dixaClient(pacer: nil))
            let worker = ImportWorker(
                store: store,
                dixa: world.dixaClient(pacer: nil),
                configuration: BenchWorld.configuration(concurrency: concurrency, worker: "bench-pipeline", batchSize: world.batchSize),
                logger: world.logger
            )
            let cpuBefore = processCPUSeconds()
            let started = ContinuousClock.now
            try await BudgetScenario.drainUntilSettled(worker, store)
            let seconds = (ContinuousClock.now - started).seconds
            let cpu = processCPUSeconds() - cpuBefore
            let imported = try await BudgetScenario.importedCount(store)
            guard imported == rows else { throw BenchError("pipeline imported \(imported) of \(rows) rows") }
            return PipelineResult(
                rows: rows,
                concurrency: concurrency,
                seconds: seconds,
                conversationsPerSecond: Double(rows) / seconds,
                cpuSecondsPer1000Rows: cpu / Double(rows) * 1000,
                dixaCalls: worker.summary.dixaCalls
            )
        }
    }
}
