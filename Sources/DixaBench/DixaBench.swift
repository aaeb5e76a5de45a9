import ArgumentParser
import DixaAPI
import DixaSandbox
import Foundation
import LocalPostgres
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// `swift run -c release dixa-bench`: the scenarios of issue #4 on a throwaway PostgreSQL and the in-process
/// sandbox, printed as a Markdown table and as JSON. Not a test: figures depend on the machine.
@main
struct DixaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dixa-bench",
        abstract: "Measures pacing, calls per conversation, queue overhead (next to PgQueuer) and pipeline throughput."
    )

    @Option(help: "Rows of each budget run (the issue asks for 2,000; at 10 requests/s that takes minutes).")
    var budgetRows = 200

    @Option(help: "Budget scenario drainers: processes (`dixa-importer drain`, built next to dixa-bench) or in-process (ImportWorkers in here).")
    var budgetMode: BudgetMode = .processes

    @Option(help: "Rows of the queue-overhead scenario, ours and PgQueuer's.")
    var queueRows = 20_000

    @Option(help: "Rows imported in the full-pipeline scenario.")
    var pipelineRows = 20_000

    @Option(help: "Runs of the queue and pipeline scenarios; the table quotes medians.")
    var runs = 3

    @Option(help: "Rows in flight in the queue, pipeline and memory scenarios.")
    var concurrency = 32

    @Option(
        help: "Rows claimed per batch in those scenarios (batches are worked side by side up to --concurrency); the worker's default when omitted."
    )
    var batchSize: Int?

    @Option(help: "The Python with pgqueuer==1.6.0 and asyncpg installed.")
    var python = "python3"

    @Option(help: "The PgQueuer peer script.")
    var peerScript = "Benchmarks/peers/pgqueuer_noop.py"

    @Option(help: "Jobs each PgQueuer dequeue worker takes per batch (10 is the default of PgQueuer's own benchmark).")
    var pgqueuerBatch = 10

    @Option(help: "PgQueuer dequeue workers, each on a connection of its own (5 in PgQueuer's own benchmark).")
    var pgqueuerWorkers = 5

    @Option(help: "Single-row INSERTs of the wake-up scenario, 20 ms apart.")
    var wakeInserts = 1000

    @Option(help: "Rows in the table for the table-growth scenario's second measurement (all but 10,000 imported).")
    var growthRows = 1_000_000

    @Flag(
        help:
            "Run the pipeline scenario's sandbox as a process of its own (dixa-sandbox, built next to dixa-bench), so the worker's CPU is reported apart from the sandbox's."
    )
    var separateSandbox = false

    @Flag(help: "Run PostgreSQL with fsync, synchronous_commit and full_page_writes off, as the tests do (default: stock, durable settings).")
    var throwawayPostgres = false

    @Option(help: "Rows the memory scenario drains.")
    var memoryRows = 100_000

    @Option(help: "Rows the process-memory scenario imports with a separate `dixa-importer drain` (built next to dixa-bench).")
    var processMemoryRows = 100_000

    @Option(help: "Tenants of the scheduling throughput scenarios (`tenants`: one run process, then 3).")
    var schedulingTenants = 100

    @Option(help: "How many run processes the `tenants` scenario tries, comma-separated.")
    var schedulingProcesses = "1,3"

    @Option(help: "Tenant counts the `scale` scenario tries, one run process each, comma-separated.")
    var scaleTenants = "50,100,150,200"

    @Option(help: "Rows each `run` process of the scheduling scenarios works at once.")
    var schedulingConcurrency = 1024

    @Option(
        help: ArgumentHelp(
            "Scenarios to run, comma-separated: budget, queue, pipeline, wake, escalation, growth, memory, process-memory; and issue #15's "
                + "tenants, fairness, lanes, halt, scale (each against a dixa-sandbox process enforcing every organisation's 10/s burst 4)."
        )
    )
    var only = "budget,queue,pipeline,wake,escalation,growth,memory"

    @Option(help: "Also write the JSON to this file.")
    var json: String?

    /// Swift concurrency runs on NIO's event loops, so a task and its socket share a thread: no hop between them.
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }

    func run() async throws {
        var logger = Logger(label: "dixa-bench")
        logger.logLevel = .error
        let postgres = try LocalPostgres.start(durable: !throwawayPostgres, logger: logger)
        defer { postgres.stop() }
        let sandbox = DixaSandbox(configuration: SandboxConfiguration(), logger: logger)
        let selected = Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let pythonPath = try resolve(python)
        var report = BenchReport(machine: Machine.describe())
        try await withThrowingTaskGroup(of: Void.self) { group in
            let connections = DixaConnections(concurrency: concurrency)
            group.addTask { try await sandbox.run() }
            group.addTask { try await connections.run() }
            defer { group.cancelAll() }
            let world = BenchWorld(
                postgres: postgres,
                sandbox: sandbox,
                connections: connections,
                baseURL: try await sandbox.baseURL(),
                logger: logger,
                batchSize: batchSize
            )
            if selected.contains("budget") {
                let binary = budgetMode == .processes ? try SiblingProcess.binary("dixa-importer") : nil
                for processes in schedulingProcesses.split(separator: ",").compactMap({ Int($0) }) {
                    let result = try await BudgetScenario.run(world, mode: budgetMode, processes: processes, rows: budgetRows, run: 1, binary: binary)
                    log("budget, \(processes) process(es): \(result)")
                    report.budget.append(result)
                }
            }
            if selected.contains("memory") {
                // First, while the process is fresh: the peak it reports is the whole process's.
                let result = try await MemoryScenario.run(world, rows: memoryRows, concurrency: concurrency)
                log("memory: \(result)")
                report.memory = result
            }
            if selected.contains("process-memory") {
                let result = try await ProcessMemoryScenario.run(world, rows: processMemoryRows, binary: try SiblingProcess.binary("dixa-importer"))
                log("process memory: \(result)")
                report.processMemory = result
            }
            if selected.contains("tenants") {
                for processes in schedulingProcesses.split(separator: ",").compactMap({ Int($0) }) {
                    let result = try await SchedulingScenarios.throughput(
                        world,
                        tenants: schedulingTenants,
                        processes: processes,
                        concurrency: schedulingConcurrency,
                        tag: "tenants\(processes)"
                    )
                    log("tenants, \(processes) process(es): \(result)")
                    report.scheduling.append(result)
                }
            }
            if selected.contains("fairness") {
                let result = try await SchedulingScenarios.fairness(world, backlog: 20_000, concurrency: schedulingConcurrency, tag: "fairness")
                log("fairness: \(result)")
                report.scheduling.append(result)
            }
            if selected.contains("lanes") {
                let result = try await SchedulingScenarios.lanes(world, backlog: 5_000, concurrency: schedulingConcurrency, tag: "lanes")
                log("lanes: \(result)")
                report.scheduling.append(result)
            }
            if selected.contains("halt") {
                let result = try await SchedulingScenarios.halt(world, concurrency: schedulingConcurrency, tag: "halt")
                log("halt: \(result)")
                report.scheduling.append(result)
            }
            if selected.contains("scale") {
                for tenants in scaleTenants.split(separator: ",").compactMap({ Int($0) }) {
                    let result = try await SchedulingScenarios.throughput(
                        world,
                        tenants: tenants,
                        processes: 1,
                        concurrency: schedulingConcurrency,
                        tag: "scale\(tenants)"
                    )
                    log("scale, \(tenants) tenants: \(result)")
                    report.scheduling.append(result)
                }
            }
            if selected.contains("growth") {
                let result = try await GrowthScenario.run(world, largeRows: growthRows, run: 1)
                log("growth: \(result)")
                report.growth = result
            }
            for run in 1...max(1, runs) {
                if selected.contains("queue") {
                    let result = try await QueueScenario.run(
                        world,
                        rows: queueRows,
                        concurrency: concurrency,
                        run: run,
                        peer: PgQueuerPeer(python: pythonPath, script: peerScript, workers: pgqueuerWorkers, batch: pgqueuerBatch)
                    )
                    log("queue, run \(run): \(result)")
                    report.queue.append(result)
                }
                if selected.contains("wake") {
                    let result = try await WakeScenario.run(world, inserts: wakeInserts, spacing: .milliseconds(20), run: run)
                    log("wake-up, run \(run): \(result)")
                    report.wake.append(result)
                }
                if selected.contains("escalation") {
                    let result = try await WakeScenario.run(world, inserts: wakeInserts, spacing: .milliseconds(20), run: run, kind: "escalate")
                    log("escalation, run \(run): \(result)")
                    report.escalation.append(result)
                }
                if selected.contains("pipeline") {
                    let result = try await PipelineScenario.run(
                        world,
                        rows: pipelineRows,
                        concurrency: concurrency,
                        run: run,
                        sandboxBinary: separateSandbox ? try SiblingProcess.binary("dixa-sandbox") : nil
                    )
                    log("pipeline, run \(run): \(result)")
                    report.pipeline.append(result)
                }
            }
        }
        print(report.markdown())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(report)
        print("```json\n" + String(decoding: data, as: UTF8.self) + "\n```")
        if let json {
            try data.write(to: URL(fileURLWithPath: json))
        }
    }

    /// A program name looked up on PATH, or a path as given.
    private func resolve(_ program: String) throws -> String {
        if program.contains("/") { return program }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ValidationError("\(program) is not on PATH; pass --python")
    }

    private func log(_ line: String) {
        FileHandle.standardError.write(Data("dixa-bench: \(line)\n".utf8))
    }
}
