import Foundation

/// Every figure of one `dixa-bench` run, and its rendering as a Markdown table.
struct BenchReport: Codable, Sendable {
    var machine: String
    var budget: [BudgetResult] = []
    var queue: [QueueResult] = []
    var pipeline: [PipelineResult] = []
    var wake: [WakeResult] = []
    var escalation: [WakeResult] = []
    var growth: GrowthResult?
    var memory: MemoryResult?
    var processMemory: ProcessMemoryResult?
    var scheduling: [SchedulingResult] = []

    func markdown() -> String {
        var lines = [
            "Machine: \(machine)", "",
            "| scenario | measured | target |",
            "|---|---|---|",
        ]
        for result in budget {
            lines.append(
                "| budget: 10/s burst 4, \(result.rows) rows, \(result.processes) process(es) sharing the token | "
                    + "\(format(result.budgetUsed * 100, 1)) % of 10/s (\(result.requests) requests in \(format(result.seconds, 1)) s; "
                    + "\(format(result.allowanceUsed * 100, 1)) % of the 4 + 10/s allowance), "
                    + "\(result.tooManyRequests) × 429, \(result.imported) imported | ≥ 97 %, 0 × 429 |"
            )
        }
        if let calls = budget.first?.callsByCase {
            for (name, mean) in calls.sorted(by: { $0.key < $1.key }) {
                lines.append("| calls per conversation (1 process): \(name) | \(format(mean, 2)) | returning 1.0 / 2.0, new ≤ 4.0 |")
            }
        }
        for result in scheduling {
            var measured =
                "\(format(result.budgetUsed * 100, 1)) % of the budgets (\(format(result.requestsPerSecond, 1)) requests/s over "
                + "\(format(result.windowSeconds, 0)) s), \(format(result.tooManyRequests, 0)) × 429, worker "
                + "\(format(result.workerCPUSecondsPer1000Requests, 2)) CPU s per 1,000 requests, RSS \(format(result.workerRSSMB, 1)) MB"
            if let p50 = result.latencyP50Seconds, let p99 = result.latencyP99Seconds {
                measured += "; INSERT → import p50 \(format(p50, 2)) s, p99 \(format(p99, 2)) s"
            }
            if let share = result.backfillShare { measured += "; backfill \(format(share * 100, 1)) % of the budget" }
            if let refused = result.refusedOnArrival {
                let bursts = refused.keys.sorted().map { "\(refused[$0] ?? 0) at burst \($0)" }.joined(separator: ", ")
                measured += "; accepted requests a 10/s bucket would have refused on arrival (whole run): \(bursts)"
            }
            if let before = result.rateBeforeHalt, let after = result.rateAfterHalt {
                measured += "; the other 19: \(format(before, 1)) → \(format(after, 1)) requests/s (\(format((after / before - 1) * 100, 1)) %)"
            }
            lines.append(
                "| \(result.scenario): \(result.tenants) tenant(s), \(result.processes) `run` process(es), concurrency \(result.concurrency) | "
                    + measured + " | |"
            )
        }
        if !queue.isEmpty {
            let ours = median(queue.map(\.rowsPerSecond))
            let theirs = median(queue.compactMap(\.pgqueuerJobsPerSecond))
            let ratios = queue.compactMap(\.ratio).map { format($0, 2) }.joined(separator: ", ")
            let first = queue[0]
            let peerShape = "\(first.pgqueuerWorkers.map(String.init) ?? "?") × \(first.pgqueuerBatch.map(String.init) ?? "?")"
            lines.append(
                "| queue overhead: \(first.rows) rows, claim → checkpoint → complete, no Dixa calls, concurrency \(first.concurrency) "
                    + "in batches of \(first.batchSize) | "
                    + "ours \(format(ours, 0)) rows/s, PgQueuer 1.6.0 (\(peerShape)) \(format(theirs, 0)) jobs/s (medians of \(queue.count)); "
                    + "ours ÷ PgQueuer per run: \(ratios); worker \(format(median(queue.map(\.cpuSecondsPer1000Rows)), 2)) CPU s per 1,000 rows | ≥ 1.5 |"
            )
        }
        if !pipeline.isEmpty {
            lines.append(
                "| full pipeline: \(pipeline[0].rows) rows, sandbox without rate limit, concurrency \(pipeline[0].concurrency) | "
                    + "\(format(median(pipeline.map(\.conversationsPerSecond)), 0)) conversations/s, "
                    + "\(format(median(pipeline.map(\.cpuSecondsPer1000Rows)), 2)) CPU s per 1,000 rows (medians of \(pipeline.count)) "
                    + "| ≥ 1,000/s on 2 cores |"
            )
        }
        if !wake.isEmpty {
            lines.append(
                "| wake-up: `run` idle, then \(wake[0].inserts) single-row INSERTs \(wake[0].spacingMilliseconds) ms apart, INSERT commit → first Dixa request | "
                    + "p50 \(format(median(wake.map(\.p50Milliseconds)), 1)) ms, p99 \(format(median(wake.map(\.p99Milliseconds)), 1)) ms "
                    + "(medians of \(wake.count)) | p99 ≤ 50 ms |"
            )
        }
        if !escalation.isEmpty {
            lines.append(
                "| escalation: `run` idle, then \(escalation[0].inserts) single-row `escalate` INSERTs \(escalation[0].spacingMilliseconds) ms apart, "
                    + "INSERT commit → transfer to the queue (requester cached: import, then transfer) | "
                    + "p50 \(format(median(escalation.map(\.p50Milliseconds)), 1)) ms, p99 \(format(median(escalation.map(\.p99Milliseconds)), 1)) ms "
                    + "(medians of \(escalation.count)) | (issue 6: measured, no target) |"
            )
        }
        if let growth {
            lines.append(
                "| table growth: the worker's claim of \(growth.batch) due rows among \(growth.tenants) paced tenants, "
                    + "\(growth.smallTableRows) rows in the table, then \(growth.largeTableRows) "
                    + "(the rest went pending → imported before them), after autovacuum; \(growth.rounds) alternating rounds of "
                    + "\(growth.claimsPerRound) claims each | "
                    + "median \(format(growth.smallMedianMilliseconds, 2)) ms, then \(format(growth.largeMedianMilliseconds, 2)) ms: "
                    + "ratio \(format(growth.ratio, 2)); before autovacuum came (\(format(growth.autovacuumSeconds, 0)) s after the history), "
                    + "\(format(growth.beforeVacuumMedianMilliseconds, 2)) ms; one tenant's \(growth.smallTableRows) rows, unpaced, "
                    + "\(format(growth.oneTenantMedianMilliseconds, 2)) ms | ≤ 1.2 |"
            )
        }
        if let memory {
            lines.append(
                "| memory: queue-only drain of \(memory.rows) rows | peak RSS \(format(memory.peakRSSMB, 1)) MB; "
                    + "\(format(memory.rssAt10PercentMB, 1)) MB at 10 %, \(format(memory.rssAt90PercentMB, 1)) MB at 90 % | ≤ 64 MB, flat |"
            )
        }
        if let processMemory {
            lines.append(
                "| memory: `dixa-importer drain` as its own process, \(processMemory.rows) rows through the sandbox | "
                    + "peak RSS \(format(processMemory.peakRSSMB, 1)) MB; \(format(processMemory.rssAt10PercentMB, 1)) MB at 10 %, "
                    + "\(format(processMemory.rssAt90PercentMB, 1)) MB at 90 % | ≤ 64 MB, flat |"
            )
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}

/// CPU model, cores, memory and PostgreSQL version, for the report header.
enum Machine {
    static func describe() -> String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let memory =
            (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("MemTotal") }?
            .split(separator: " ").dropFirst().first.flatMap { Double($0) }.map { String(format: "%.0f GiB", $0 / 1_048_576) } ?? "?"
        return "\(ProcessInfo.processInfo.activeProcessorCount) × \(cpu), \(memory) RAM"
    }
}
