import ArgumentParser
import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox

/// How the budget scenario runs its drainers.
///
/// - `processes` (the default, as the issue asks): `processes` real `dixa-importer drain` OS processes, the binary
///   built next to dixa-bench, with the default shared rate budget (see `BudgetProcesses`).
/// - `in-process`: the earlier, cheaper variant, kept as an option: `processes` `ImportWorker`s inside dixa-bench, each
///   with a PostgreSQL pool, a Dixa client and a shared pacer of its own, as separate processes would have; a row a
///   429 handed back is due again after 200 ms rather than the CLI's 5 s.
enum BudgetMode: String, Codable, Sendable, ExpressibleByArgument, CaseIterable {
    case processes
    case inProcess = "in-process"
}

/// The sandbox enforces Dixa's 10/s burst 4; `processes` drainers share the token's budget through PostgreSQL.
struct BudgetResult: Codable, Sendable {
    var mode: BudgetMode
    var processes: Int
    /// `dixa-importer drain` processes started in all (a slot starts another when handed-back rows fall due); 0 in-process.
    var drainsStarted: Int
    var rows: Int
    var requests: Int
    var tooManyRequests: Int
    var seconds: Double
    var requestsPerSecond: Double
    var budgetUsed: Double
    /// Requests ÷ what the bucket allowed in that time (its burst plus 10 per second): 100 % is the most possible.
    var allowanceUsed: Double
    /// Seconds from the sandbox's first recorded request to its last (`seconds` also holds process start and exit).
    var firstToLastRequestSeconds: Double
    var imported: Int
    var callsByCase: [String: Double]
}

enum BudgetScenario {
    /// `binary` is `dixa-importer` for `.processes`, unused in-process.
    static func run(_ world: BenchWorld, mode: BudgetMode, processes: Int, rows: Int, run: Int, binary: String?) async throws -> BudgetResult {
        await world.sandbox.reset()
        await world.sandbox.setRateLimit(nil)
        let tag = "budget\(processes)r\(run)"
        let url = try await world.freshDatabase(tag)
        try await world.withStore(url) { store in
            try await Workload.prepareMix(rows: rows, tag: tag, store: store, dixa: world.dixaClient())
        }
        await world.sandbox.setRateLimit(.dixa)
        let before = await world.sandbox.recordedRequests().count
        let started = ContinuousClock.now
        var drains = 0
        switch mode {
        case .processes:
            guard let binary else { throw BenchError("the budget scenario's processes mode needs the dixa-importer binary") }
            drains = try await world.withStore(url, connections: 2, migrate: false) { store in
                try await BudgetProcesses.drainUntilSettled(world, url: url, store: store, processes: processes, binary: binary, tag: tag)
            }
        case .inProcess:
            try await drainInProcess(world, url: url, processes: processes)
        }
        let seconds = (ContinuousClock.now - started).seconds
        let requests = Array(await world.sandbox.recordedRequests().dropFirst(before))
        let (imported, counts, calls) = try await world.withStore(url, migrate: false) { store in
            (try await Self.importedCount(store), try await store.stateCounts(), try await Self.callsByCase(store))
        }
        guard imported == rows else {
            throw BenchError("budget (\(mode.rawValue), \(processes) process(es)): \(imported) of \(rows) rows imported; rows by state: \(counts)")
        }
        return BudgetResult(
            mode: mode,
            processes: processes,
            drainsStarted: drains,
            rows: rows,
            requests: requests.count,
            tooManyRequests: requests.filter { $0.status == 429 }.count,
            seconds: seconds,
            requestsPerSecond: Double(requests.count) / seconds,
            budgetUsed: Double(requests.count) / seconds / 10,
            allowanceUsed: Double(requests.count) / (4 + 10 * seconds),
            firstToLastRequestSeconds: BudgetProcesses.span(requests),
            imported: imported,
            callsByCase: calls
        )
    }

    /// `processes` ImportWorkers in this process, each with a pool, a Dixa client and a shared pacer of its own.
    private static func drainInProcess(_ world: BenchWorld, url: String, processes: Int) async throws {
        let key = DixaToken(BenchWorld.token).budgetKey
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<processes {
                group.addTask {
                    try await world.withStore(url, connections: 8, migrate: false) { store in
                        try await world.withRateBudget(url) { budget in
                            let pacer = SharedRequestPacer(budget: budget, key: key, requestsPerSecond: 10, burst: 4)
                            let worker = ImportWorker(
                                store: store,
                                dixa: world.dixaClient(),
                                budget: world.budget(pacer: pacer),
                                configuration: BenchWorld.configuration(concurrency: 4, worker: "bench-\(index)"),
                                logger: world.logger
                            )
                            // Drain until nothing is left; a row a 429 handed back is due again 200 ms later.
                            try await Self.drainUntilSettled(worker, store)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Drains until no row is pending or running (any worker's), so rows a 429 handed back are counted too.
    static func drainUntilSettled(_ worker: ImportWorker, _ store: OutboxStore) async throws {
        while true {
            try await worker.drain()
            if try await unsettled(store) == 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func unsettled(_ store: OutboxStore) async throws -> Int {
        try await store.stateCounts().filter { $0.state == "pending" || $0.state == "running" }.map(\.count).reduce(0, +)
    }

    static func importedCount(_ store: OutboxStore) async throws -> Int {
        try await store.stateCounts().filter { $0.state == "imported" }.map(\.count).reduce(0, +)
    }

    /// Mean Dixa calls per conversation by the workload's own cases (the `calls` report infers "new" from row order;
    /// here the bench knows which requesters it pre-created). Every attempt's calls count, 429 retries included.
    static func callsByCase(_ store: OutboxStore) async throws -> [String: Double] {
        let rows = try await store.client.withConnection { connection in
            try await connection.query(
                """
                SELECT CASE WHEN o.transcript -> 'requester' ->> 'email' LIKE 'new-%' THEN 'new requester' ELSE 'returning requester' END
                    || CASE WHEN o.transcript ? 'attributes' THEN ', with attributes' ELSE ', no attributes' END,
                    avg((SELECT sum(a.dixa_calls) FROM dixa_outbox_attempts a WHERE a.outbox_id = o.id))::float8
                FROM dixa_outbox o WHERE o.state = 'imported' GROUP BY 1
                """,
                logger: store.logger
            ).collect()
        }
        var result: [String: Double] = [:]
        for row in rows {
            let (name, mean) = try row.decode((String, Double).self)
            result[name] = mean
        }
        return result
    }
}
