import Foundation
import Importer
import Outbox

/// Resident memory while the queue-only worker drains many rows: at 10 % and 90 % of the way, and the peak. The
/// in-process sandbox is idle meanwhile (queue-only calls nobody), so this is the worker's and the pool's memory.
struct MemoryResult: Codable, Sendable {
    var rows: Int
    var rssAt10PercentMB: Double
    var rssAt90PercentMB: Double
    var peakRSSMB: Double
    /// The peak already reached when the drain started: the bench's own bulk INSERT of the rows, which `peakRSSMB`
    /// includes.
    var peakBeforeDrainMB: Double?
}

enum MemoryScenario {
    static func run(_ world: BenchWorld, rows: Int, concurrency: Int) async throws -> MemoryResult {
        let url = try await world.freshDatabase("memory")
        return try await world.withStore(url) { store in
            try await Workload.prepareQueueOnly(rows: rows, store: store)
            let configuration = BenchWorld.configuration(concurrency: concurrency, worker: "bench-memory", batchSize: world.batchSize)
            let worker = ImportWorker(
                store: store,
                handler: QueueOnlyHandler(store: store, botAgentID: configuration.botAgentID),
                configuration: configuration,
                logger: world.logger
            )
            let peakBeforeDrain = residentMB("VmHWM")
            let drain = Task { try await worker.drain() }
            var at10: Double?
            var at90: Double?
            while at90 == nil {
                let done = worker.summary.imported
                if at10 == nil, done >= rows / 10 { at10 = residentMB("VmRSS") }
                if done >= rows * 9 / 10 { at90 = residentMB("VmRSS") }
                try await Task.sleep(for: .milliseconds(20))
            }
            _ = try await drain.value
            return MemoryResult(
                rows: rows,
                rssAt10PercentMB: at10 ?? .nan,
                rssAt90PercentMB: at90 ?? .nan,
                peakRSSMB: residentMB("VmHWM"),
                peakBeforeDrainMB: peakBeforeDrain
            )
        }
    }

    /// A line of /proc/`process`/status (`VmRSS`, `VmHWM`) in MB, or NaN once the process has gone.
    static func residentMB(_ field: String, process: String = "self") -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8) else { return .nan }
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
        return kilobytes / 1024
    }
}
