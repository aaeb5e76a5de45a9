import DixaSandbox
import Foundation
import LocalPostgres
import Outbox

/// The memory target measured on the real thing: `dixa-importer drain` as a process of its own (the binary built
/// next to dixa-bench), importing rows through the in-process sandbox. Its `VmRSS` is read from /proc at 10 % and
/// 90 % of the way, and its `VmHWM` (peak) just before it exits.
struct ProcessMemoryResult: Codable, Sendable {
    var rows: Int
    var rssAt10PercentMB: Double
    var rssAt90PercentMB: Double
    var peakRSSMB: Double
    var seconds: Double
}

enum ProcessMemoryScenario {
    static func run(_ world: BenchWorld, rows: Int, binary: String) async throws -> ProcessMemoryResult {
        await world.sandbox.reset()
        await world.sandbox.setRateLimit(nil)
        let tag = "procmem"
        let url = try await world.freshDatabase(tag)
        return try await world.withStore(url) { store in
            try await Workload.prepareMix(rows: rows, tag: tag, store: store, dixa: world.dixaClient())
            var environment = world.drainEnvironment(databaseURL: url, logLevel: "error")
            // Passed on when set, to tell live data from malloc arenas that are never given back.
            if let arenas = ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] { environment["MALLOC_ARENA_MAX"] = arenas }
            let started = ContinuousClock.now
            // DIXA_BENCH_CHILD_PREFIX (e.g. `heaptrack -o /tmp/drain`) runs the drain under a profiler; the RSS figures
            // are then the profiler's, but its output file tells where the memory went.
            let prefix = ProcessInfo.processInfo.environment["DIXA_BENCH_CHILD_PREFIX"].map { $0.split(separator: " ").map(String.init) } ?? []
            let pid = try ChildProcess.spawn(
                prefix + [binary, "drain", "--concurrency", "32", "--rate-budget", "local", "--rate-limit", "1000000", "--burst", "1000"],
                environment: environment,
                outputPath: "/dev/null"
            )
            let exit = Task { await SiblingProcess.exitCode(pid) }
            var at10: Double?
            var at90: Double?
            var peak = Double.nan
            while at90 == nil {
                let done = try await BudgetScenario.importedCount(store)
                if at10 == nil, done >= rows / 10 { at10 = status(pid, "VmRSS") }
                if done >= rows * 9 / 10 {
                    at90 = status(pid, "VmRSS")
                }
                peak = status(pid, "VmHWM").isNaN ? peak : status(pid, "VmHWM")
                try await Task.sleep(for: .milliseconds(50))
            }
            while try await BudgetScenario.importedCount(store) < rows {
                let current = status(pid, "VmHWM")
                if !current.isNaN { peak = current }
                try await Task.sleep(for: .milliseconds(50))
            }
            let code = await exit.value
            guard code == 0 else { throw BenchError("dixa-importer drain exited \(code)") }
            return ProcessMemoryResult(
                rows: rows,
                rssAt10PercentMB: at10 ?? .nan,
                rssAt90PercentMB: at90 ?? .nan,
                peakRSSMB: peak,
                seconds: (ContinuousClock.now - started).seconds
            )
        }
    }

    private static func status(_ pid: pid_t, _ field: String) -> Double {
        MemoryScenario.residentMB(field, process: "\(pid)")
    }
}
