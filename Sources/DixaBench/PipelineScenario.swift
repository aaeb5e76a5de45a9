import DixaSandbox
import Foundation
import Importer
import Outbox

/// The whole import against the sandbox with no rate limit and no pacing: what the importer costs when Dixa is
/// not the bottleneck. CPU is this process's, which includes the in-process sandbox; PostgreSQL's is not in it.
/// With `sandbox` (a `dixa-sandbox` process), this process's CPU is the worker's alone, and the sandbox's is apart.
struct PipelineResult: Codable, Sendable {
    var rows: Int
    var concurrency: Int
    var seconds: Double
    var conversationsPerSecond: Double
    var cpuSecondsPer1000Rows: Double
    var dixaCalls: Int
    /// "in-process" or "separate process".
    var sandbox: String = "in-process"
    /// The sandbox process's CPU, when it runs apart.
    var sandboxCPUSecondsPer1000Rows: Double?
}

enum PipelineScenario {
    static func run(_ world: BenchWorld, rows: Int, concurrency: Int, run: Int, sandboxBinary: String? = nil) async throws -> PipelineResult {
        guard let sandboxBinary else { return try await measure(world, rows: rows, concurrency: concurrency, run: run) }
        let sandbox = try await SandboxProcess.start(binary: sandboxBinary)
        var apart = world
        apart.baseURL = sandbox.baseURL
        var result: PipelineResult
        do {
            result = try await measure(apart, rows: rows, concurrency: concurrency, run: run, sandbox: sandbox)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
        result.sandbox = "separate process"
        return result
    }

    private static func measure(_ world: BenchWorld, rows: Int, concurrency: Int, run: Int, sandbox: SandboxProcess? = nil) async throws
        -> PipelineResult
    {
        await world.sandbox.reset()
        await world.sandbox.setRateLimit(nil)
        let tag = "pipeline\(run)"
        let url = try await world.freshDatabase(tag)
        return try await world.withStore(url, connections: 20) { store in
            try await Workload.prepareMix(rows: rows, tag: tag, store: store, dixa: world.dixaClient())
            let worker = ImportWorker(
                store: store,
                dixa: world.dixaClient(),
                budget: world.budget(pacer: nil),
                configuration: BenchWorld.configuration(concurrency: concurrency, worker: "bench-pipeline", batchSize: world.batchSize),
                logger: world.logger
            )
            let cpuBefore = processCPUSeconds()
            let sandboxCPUBefore = sandbox?.cpuSeconds
            let started = ContinuousClock.now
            try await BudgetScenario.drainUntilSettled(worker, store)
            let seconds = (ContinuousClock.now - started).seconds
            let cpu = processCPUSeconds() - cpuBefore
            let sandboxCPU = sandbox.map { $0.cpuSeconds - (sandboxCPUBefore ?? 0) }
            let imported = try await BudgetScenario.importedCount(store)
            guard imported == rows else { throw BenchError("pipeline imported \(imported) of \(rows) rows") }
            return PipelineResult(
                rows: rows,
                concurrency: concurrency,
                seconds: seconds,
                conversationsPerSecond: Double(rows) / seconds,
                cpuSecondsPer1000Rows: cpu / Double(rows) * 1000,
                dixaCalls: worker.summary.dixaCalls,
                sandboxCPUSecondsPer1000Rows: sandboxCPU.map { $0 / Double(rows) * 1000 }
            )
        }
    }
}
