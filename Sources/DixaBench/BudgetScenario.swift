import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Outbox

/// The sandbox enforces Dixa's 10/s burst 4; `processes` workers (each with a PostgreSQL pool, a Dixa client and a
/// pacer of its own, as separate processes would have) share the token's budget through PostgreSQL.
struct BudgetResult: Codable, Sendable {
    var processes: Int
    var rows: Int
    var requests: Int
    var tooManyRequests: Int
    var seconds: Double
    var requestsPerSecond: Double
    var budgetUsed: Double
    /// Requests ÷ what the bucket allowed in that time (its burst plus 10 per second): 100 % is the most possible.
    var allowanceUsed: Double
    var imported: Int
    var callsByCase: [String: Double]
}

enum BudgetScenario {
    static func run(_ world: BenchWorld, processes: Int, rows: Int, run: Int) async throws -> BudgetResult {
        await world.sandbox.reset()
        await world.sandbox.setRateLimit(nil)
        let tag = "budget\(processes)r\(run)"
        let url = try await world.freshDatabase(tag)
        try await world.withStore(url) { store in
            try await Workload.prepareMix(rows: rows, tag: tag, store: store, dixa: world.dixaClient(pacer: nil))
        }
        await world.sandbox.setRateLimit(.dixa)
        let before = await world.sandbox.recordedRequests().count
        let key = DixaToken(BenchWorld.token).budgetKey
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<processes {
                group.addTask {
                    try await world.withStore(url, connections: 8, migrate: false) { store in
                        let pacer = SharedRequestPacer(store: store, key: key, requestsPerSecond: 10, burst: 4)
                        let worker = ImportWorker(
                            store: store,
                            dixa: world.dixaClient(pacer: pacer),
                            configuration: BenchWorld.configuration(concurrency: 4, worker: "bench-\(index)"),
                            logger: world.logger
                        )
                        // Drain until nothing is left; a row a 429 handed back is due again 200 ms later.
                        try await Self.drainUntilSettled(worker, store)
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = (ContinuousClock.now - started).seconds
        let requests = Array(await world.sandbox.recordedRequests().dropFirst(before))
        let (imported, calls) = try await world.withStore(url, migrate: false) { store in
            (try await Self.importedCount(store), try await Self.callsByCase(store))
        }
        return BudgetResult(
            processes: processes,
            rows: rows,
            requests: requests.count,
            tooManyRequests: requests.filter { $0.status == 429 }.count,
            seconds: seconds,
            requestsPerSecond: Double(requests.count) / seconds,
            budgetUsed: Double(requests.count) / seconds / 10,
            allowanceUsed: Double(requests.count) / (4 + 10 * seconds),
            imported: imported,
            callsByCase: calls
        )
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
