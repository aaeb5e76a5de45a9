import Foundation
import Outbox
import PostgresNIO
import Secrets

/// Issue #15's scenarios: many tenants, each with Dixa's 10 requests/s burst 4 enforced by the sandbox and 50–150 ms per
/// answer, worked by real `dixa-importer run` processes. Requests are counted from the workers' `/metrics` over a
/// window after a warm-up; latencies come from the rows' `created_at` and `imported_at`.
struct SchedulingResult: Codable, Sendable {
    var scenario: String
    var tenants: Int
    var processes: Int
    var concurrency: Int
    var windowSeconds: Double
    var requests: Double
    var tooManyRequests: Double
    var requestsPerSecond: Double
    /// Requests per second ÷ what the tenants' budgets allow (tenants × 10).
    var budgetUsed: Double
    var workerCPUSecondsPer1000Requests: Double
    var workerRSSMB: Double
    var latencyP50Seconds: Double?
    var latencyP99Seconds: Double?
    var backfillShare: Double?
    var rateBeforeHalt: Double?
    var rateAfterHalt: Double?
    /// Accepted requests a bucket of 10 a second would have refused on arrival, by its burst (`ArrivalConformance`):
    /// over the whole run, warm-up included.
    var refusedOnArrival: [Int: Int]?
}

extension SchedulingResult {
    /// A scenario of one `run` process that trickles rows in over the window: the requests `measured` counted,
    /// `budgetOf`'s share of their budgets, and the trickled rows' INSERT → import `latencies`.
    init(
        trickle scenario: String,
        tenants: Int,
        concurrency: Int,
        measured: RequestWindow,
        cpu: Double,
        worker: FleetWorker,
        budgetOf budgetTenants: [String],
        latencies: [Double]
    ) {
        let seconds = SchedulingScenarios.window.seconds
        self.init(
            scenario: scenario,
            tenants: tenants,
            processes: 1,
            concurrency: concurrency,
            windowSeconds: seconds,
            requests: measured.total(),
            tooManyRequests: measured.totalTooManyRequests,
            requestsPerSecond: measured.total() / seconds,
            budgetUsed: measured.total(budgetTenants) / seconds / Double(budgetTenants.count * 10),
            workerCPUSecondsPer1000Requests: cpu / max(1, measured.total()) * 1000,
            workerRSSMB: worker.rssMB,
            latencyP50Seconds: SchedulingScenarios.percentile(latencies, 0.50),
            latencyP99Seconds: SchedulingScenarios.percentile(latencies, 0.99)
        )
    }
}

enum SchedulingScenarios {
    static let warmUp = Duration.seconds(10)
    static let window = Duration.seconds(30)

    /// `tenants` tenants, each with a backlog, worked by `processes` run processes: how much of their budgets is used.
    static func throughput(_ world: BenchWorld, tenants: Int, processes: Int, concurrency: Int, tag: String) async throws -> SchedulingResult {
        try await TenantFleet.with(world, tenants: tenants, tag: tag) { fleet in
            // Enough for the warm-up and the window at 10 a second, with room to spare.
            try await fleet.enqueue(fleet.tenants, rows: Int((warmUp + window).seconds * 10 * 1.5))
            return try await fleet.withWorkers(processes, concurrency: concurrency, name: tag, settle: warmUp) { workers in
                let (measured, cpu) = try await measure(workers)
                let refusedOnArrival = try await ArrivalConformance.refusals(sandboxURL: fleet.sandbox.baseURL)
                let seconds = window.seconds
                return SchedulingResult(
                    scenario: "throughput",
                    tenants: tenants,
                    processes: processes,
                    concurrency: concurrency,
                    windowSeconds: seconds,
                    requests: measured.total(),
                    tooManyRequests: measured.totalTooManyRequests,
                    requestsPerSecond: measured.total() / seconds,
                    budgetUsed: measured.total() / seconds / Double(tenants * 10),
                    workerCPUSecondsPer1000Requests: cpu / max(1, measured.total()) * 1000,
                    workerRSSMB: workers.map(\.rssMB).max() ?? .nan,
                    refusedOnArrival: refusedOnArrival
                )
            }
        }
    }

    /// Tenant t1 holds a large backlog; the 49 others each get one INSERT a second: how long do theirs wait?
    static func fairness(_ world: BenchWorld, backlog: Int, concurrency: Int, tag: String) async throws -> SchedulingResult {
        try await TenantFleet.with(world, tenants: 50, tag: tag) { fleet in
            try await fleet.enqueue(["t1"], rows: backlog)
            return try await fleet.withWorkers(1, concurrency: concurrency, name: tag, settle: .seconds(5)) { workers in
                let others = Array(fleet.tenants.dropFirst())
                let (measured, cpu) = try await measure(workers) {
                    try await trickle(fleet, tenants: others, every: .seconds(1), for: window, prefix: "f")
                }
                let latencies = try await settledLatencies(fleet, prefix: "f", expected: others.count * Int(window.seconds))
                return SchedulingResult(
                    trickle: "fairness",
                    tenants: 50,
                    concurrency: concurrency,
                    measured: measured,
                    cpu: cpu,
                    worker: workers[0],
                    budgetOf: ["t1"],
                    latencies: latencies
                )
            }
        }
    }

    /// One tenant: a backfill of `backlog` rows, and live rows two a second. The live rows' wait, and backfill's share.
    static func lanes(_ world: BenchWorld, backlog: Int, concurrency: Int, tag: String) async throws -> SchedulingResult {
        try await TenantFleet.with(world, tenants: 1, tag: tag) { fleet in
            try await fleet.enqueue(["t1"], rows: backlog, lane: "backfill", prefix: "b")
            return try await fleet.withWorkers(1, concurrency: concurrency, name: tag, settle: .seconds(5)) { workers in
                let started = Date()
                let (measured, cpu) = try await measure(workers) {
                    try await trickle(fleet, tenants: ["t1"], every: .milliseconds(500), for: window, prefix: "l")
                }
                let ended = started.addingTimeInterval(window.seconds)
                let latencies = try await settledLatencies(fleet, prefix: "l", expected: Int(window.seconds * 2))
                let backfilled = try await fleet.world.withStore(fleet.databaseURL, connections: 2, migrate: false) { store in
                    try await count(store, "SELECT count(*) FROM dixa_outbox WHERE lane = 'backfill' AND imported_at BETWEEN \(started) AND \(ended)")
                }
                var result = SchedulingResult(
                    trickle: "lanes",
                    tenants: 1,
                    concurrency: concurrency,
                    measured: measured,
                    cpu: cpu,
                    worker: workers[0],
                    budgetOf: ["t1"],
                    latencies: latencies
                )
                result.backfillShare = Double(backfilled) / (window.seconds * 10)
                return result
            }
        }
    }

    /// 20 busy tenants; t1's token stops working mid-run. The other 19's rate before and after.
    static func halt(_ world: BenchWorld, concurrency: Int, tag: String) async throws -> SchedulingResult {
        try await TenantFleet.with(world, tenants: 20, tag: tag) { fleet in
            try await fleet.enqueue(fleet.tenants, rows: 1_200)
            return try await fleet.withWorkers(1, concurrency: concurrency, name: tag, settle: warmUp) { workers in
                let others = Array(fleet.tenants.dropFirst())
                let (before, cpuBefore) = try await measure(workers, for: .seconds(20))
                // As if the organisation revoked the token: the stored one no longer opens any door.
                let key = try SecretsKey.load(path: fleet.keyFile)
                let revoked = SealedSecret.seal("revoked-token", under: key, context: SealedSecret.tokenContext(tenant: "t1"))
                try await fleet.world.withStore(fleet.databaseURL, connections: 2, migrate: false) { store in
                    _ = try await store.updateTenant(
                        TenantRecord(name: "t1", agentID: nil, queueID: nil, baseURL: nil, rateLimit: nil, burst: nil, tokenSealed: revoked)
                    )
                }
                // The worker reads its tenants every 10 s; then t1 halts at its first request.
                try await Task.sleep(for: .seconds(15))
                let (after, cpuAfter) = try await measure(workers, for: .seconds(20))
                let requests = before.total(others) + after.total(others)
                return SchedulingResult(
                    scenario: "halt",
                    tenants: 20,
                    processes: 1,
                    concurrency: concurrency,
                    windowSeconds: 40,
                    requests: requests,
                    tooManyRequests: before.totalTooManyRequests + after.totalTooManyRequests,
                    requestsPerSecond: requests / 40,
                    budgetUsed: requests / 40 / 190,
                    workerCPUSecondsPer1000Requests: (cpuBefore + cpuAfter) / max(1, requests) * 1000,
                    workerRSSMB: workers[0].rssMB,
                    rateBeforeHalt: before.total(others) / 20,
                    rateAfterHalt: after.total(others) / 20
                )
            }
        }
    }

    /// Scrapes every worker before and after `body` (or a sleep of `window`), and the CPU they used meanwhile.
    private static func measure(
        _ workers: [FleetWorker],
        for duration: Duration = window,
        during body: (@Sendable () async throws -> Void)? = nil
    ) async throws -> (RequestWindow, Double) {
        var before: [[RequestCount]] = []
        for worker in workers { before.append(try await worker.requests()) }
        let cpuBefore = workers.map(\.cpuSeconds).reduce(0, +)
        if let body { try await body() } else { try await Task.sleep(for: duration) }
        var after: [[RequestCount]] = []
        for worker in workers { after.append(try await worker.requests()) }
        let cpu = workers.map(\.cpuSeconds).reduce(0, +) - cpuBefore
        return (RequestWindow.between(before, after), cpu)
    }

    private static func measure(_ workers: [FleetWorker], _ body: @escaping @Sendable () async throws -> Void) async throws -> (RequestWindow, Double)
    {
        try await measure(workers, during: body)
    }

    /// Inserts one row for each of `tenants` every `every`, spread evenly over it, for `duration`.
    private static func trickle(_ fleet: TenantFleet, tenants: [String], every: Duration, for duration: Duration, prefix: String) async throws {
        let transcripts = Dictionary(uniqueKeysWithValues: tenants.map { ($0, Workload.transcript(email: "\($0)@example.com", attributes: nil)) })
        try await fleet.world.withStore(fleet.databaseURL, connections: 4, migrate: false) { store in
            let start = ContinuousClock.now
            let step = every / tenants.count
            var round = 0
            while ContinuousClock.now - start < duration {
                for (index, tenant) in tenants.enumerated() {
                    let at = start + every * round + step * index
                    if at > ContinuousClock.now { try await Task.sleep(until: at) }
                    _ = try await store.enqueue(
                        tenant: tenant,
                        sourceKey: "\(prefix)-\(round)-\(tenant)",
                        kind: "closed",
                        transcriptJSON: transcripts[tenant]!
                    )
                }
                round += 1
            }
        }
    }

    /// The INSERT → imported seconds of the rows whose key starts with `prefix`, once `expected` of them are imported
    /// (60 s at most).
    private static func settledLatencies(_ fleet: TenantFleet, prefix: String, expected: Int) async throws -> [Double] {
        try await fleet.world.withStore(fleet.databaseURL, connections: 2, migrate: false) { store in
            let deadline = ContinuousClock.now + .seconds(60)
            let pattern = prefix + "-%"
            while ContinuousClock.now < deadline {
                let imported = try await count(store, "SELECT count(*) FROM dixa_outbox WHERE source_key LIKE \(pattern) AND state = 'imported'")
                if imported >= expected { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            var latencies: [Double] = []
            let rows = try await store.client.query(
                """
                SELECT extract(epoch FROM coalesce(imported_at, now()) - created_at)::float8
                FROM dixa_outbox WHERE source_key LIKE \(pattern)
                """,
                logger: fleet.world.logger
            )
            for try await seconds in rows.decode(Double.self) { latencies.append(seconds) }
            return latencies
        }
    }

    private static func count(_ store: OutboxStore, _ query: PostgresQuery) async throws -> Int {
        for try await value in try await store.client.query(query, logger: store.logger).decode(Int64.self) { return Int(value) }
        return 0
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }
}
