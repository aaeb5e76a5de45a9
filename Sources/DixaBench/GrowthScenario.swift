import Foundation
import Importer
import Outbox
import PostgresNIO
import Secrets

/// Claim latency with 10,000 due rows of 1,000 tenants, then with the same due rows among 1,000,000 whose rest went
/// through the queue before them (pending, then imported), leaving dead versions and dead entries in the index of due
/// rows, as a real history does. Each claim is the worker's: `ClaimPlanner` picks the tenants and their quotas from all
/// 1,000, each paced at Dixa's 10 requests/s with a budget row in `dixa_rate_budget`, and the claim reads those rows.
/// Nothing here runs VACUUM: the large table is measured once autovacuum, as migration 0006 tunes it, has been, so the
/// ratio shows what the design does, not what a hand-run VACUUM would. A third table, one tenant's 10,000 due rows
/// claimed unpaced, shows what the many tenants cost beside it.
///
/// The tables are databases on the same server, measured in alternating rounds: a claim's latency is mostly its
/// commit's flush to disk, which drifts by tens of percent over a minute on these machines, and alternating spreads
/// that drift over every side of the ratio.
struct GrowthResult: Codable, Sendable {
    var tenants: Int
    var smallTableRows: Int
    var largeTableRows: Int
    var rounds: Int
    var claimsPerRound: Int
    var batch: Int
    var smallMedianMilliseconds: Double
    /// Straight after the history was written, before any VACUUM: every claim walks over its dead index entries.
    var beforeVacuumMedianMilliseconds: Double
    /// How long after the history was written autovacuum had cleaned `dixa_outbox`.
    var autovacuumSeconds: Double
    var largeMedianMilliseconds: Double
    var ratio: Double
    /// One tenant's 10,000 due rows, claimed unpaced, as the scenario measured before tenants.
    var oneTenantMedianMilliseconds: Double
}

/// What autovacuum has done to `dixa_outbox` so far, from `pg_stat_user_tables`.
private struct AutovacuumCounts {
    var vacuums: Int64
    var analyzes: Int64
    var dead: Int64

    static func read(_ store: OutboxStore) async throws -> AutovacuumCounts {
        let rows = try await store.client.query(
            "SELECT autovacuum_count, autoanalyze_count, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'dixa_outbox'",
            logger: store.logger
        )
        for try await (vacuums, analyzes, dead) in rows.decode((Int64, Int64, Int64).self) {
            return AutovacuumCounts(vacuums: vacuums, analyzes: analyzes, dead: dead)
        }
        throw BenchError("growth: no statistics for dixa_outbox")
    }
}

enum GrowthScenario {
    static let tenants = 1_000
    static let dueRows = 10_000
    static let rounds = 5
    static let claimsPerRound = 100
    static let batch = 32

    static func run(_ world: BenchWorld, largeRows: Int, run: Int) async throws -> GrowthResult {
        let oneURL = try await world.freshDatabase("growth\(run)one")
        let smallURL = try await world.freshDatabase("growth\(run)small")
        let largeURL = try await world.freshDatabase("growth\(run)large")
        return try await world.withStore(oneURL) { one in
            try await world.withStore(smallURL) { small in
                try await world.withStore(largeURL) { large in
                    try await Workload.prepareQueueOnly(rows: dueRows, store: one)
                    for store in [small, large] {
                        try await storeTenants(store)
                        _ = try await store.client.query(insertRows(count: dueRows, prefix: "queue", age: .zero), logger: store.logger).collect()
                    }
                    let before = try await writeHistory(large, rows: largeRows - dueRows)
                    let historyWritten = ContinuousClock.now
                    let beforeVacuum = try await claimTimes(large, claims: 20)
                    // The tables as autovacuum leaves them: the large one vacuumed and analyzed since its history, the
                    // others analyzed since their rows arrived (a claim plan without statistics reads every due row).
                    try await waitForAutovacuum(large) { $0.vacuums > before.vacuums && $0.analyzes > before.analyzes && $0.dead < 10_000 }
                    let autovacuumSeconds = (ContinuousClock.now - historyWritten).seconds
                    try await waitForAutovacuum(small) { $0.analyzes > 0 }
                    try await waitForAutovacuum(one) { $0.analyzes > 0 }
                    // Writing a million rows leaves the disk busy for a while; PostgreSQL would flush it at its next
                    // checkpoint anyway. Flushing it now keeps that I/O out of the claims measured next.
                    _ = try await large.client.query("CHECKPOINT", logger: large.logger).collect()
                    var oneTimes: [Double] = []
                    var smallTimes: [Double] = []
                    var largeTimes: [Double] = []
                    for _ in 0..<rounds {
                        oneTimes += try await oneTenantClaimTimes(one, claims: claimsPerRound)
                        smallTimes += try await claimTimes(small, claims: claimsPerRound)
                        largeTimes += try await claimTimes(large, claims: claimsPerRound)
                    }
                    return GrowthResult(
                        tenants: tenants,
                        smallTableRows: dueRows,
                        largeTableRows: largeRows,
                        rounds: rounds,
                        claimsPerRound: claimsPerRound,
                        batch: batch,
                        smallMedianMilliseconds: median(smallTimes),
                        beforeVacuumMedianMilliseconds: median(beforeVacuum),
                        autovacuumSeconds: autovacuumSeconds,
                        largeMedianMilliseconds: median(largeTimes),
                        ratio: median(largeTimes) / median(smallTimes),
                        oneTenantMedianMilliseconds: median(oneTimes)
                    )
                }
            }
        }
    }

    static func tenantName(_ index: Int) -> String { "t\(index)" }

    /// Every tenant, as `tenants add` stores one, and a budget row for each, free now, as a worker's first request
    /// leaves it.
    private static func storeTenants(_ store: OutboxStore) async throws {
        let key = SecretsKey.generate()
        for index in 1...tenants {
            let record = TenantRecord(
                name: tenantName(index),
                agentID: UUID(),
                queueID: nil,
                baseURL: nil,
                rateLimit: nil,
                burst: nil,
                tokenSealed: SealedSecret.seal("growth-token-\(index)", under: key, context: SealedSecret.tokenContext(tenant: tenantName(index)))
            )
            _ = try await store.addTenant(record)
        }
        var binds = PostgresBindings()
        binds.append(Int32(tenants))
        let budgets = PostgresQuery(
            unsafeSQL: """
                INSERT INTO dixa_rate_budget (budget_key, theoretical_arrival)
                SELECT 'growth-t' || n, clock_timestamp() FROM generate_series(1, $1::int) AS n
                """,
            binds: binds
        )
        _ = try await store.client.query(budgets, logger: store.logger).collect()
    }

    /// The statement that inserts `count` rows spread evenly over the tenants, keyed `prefix-n`, created and due `age`
    /// ago.
    private static func insertRows(count: Int, prefix: String, age: Duration) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(Workload.transcript(email: "\(prefix)@example.com", attributes: nil))
        binds.append(Int32(count))
        binds.append(Int32(tenants))
        binds.append(prefix)
        binds.append(age.seconds)
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO dixa_outbox (tenant, source_key, transcript, run_at, created_at)
                SELECT 't' || (n % $3::int + 1), $4 || '-' || n, $1::jsonb,
                    now() - $5::float8 * interval '1 second', now() - $5::float8 * interval '1 second'
                FROM generate_series(1, $2::int) AS n
                """,
            binds: binds
        )
    }

    /// The rest of the million, due a day before the 10,000 and imported since: inserted pending, then marked imported
    /// in a second statement, so each leaves a dead version and a dead entry at the low end of the due-row index.
    ///
    /// Autovacuum is held off the table while the history is written: a VACUUM that started before it commits would
    /// overwrite the table's count of dead versions with its own, which never saw the history, and the one measured
    /// would then not come. Returns the table's autovacuum counts from before.
    private static func writeHistory(_ store: OutboxStore, rows: Int) async throws -> AutovacuumCounts {
        let imported = PostgresQuery(
            unsafeSQL: """
                UPDATE dixa_outbox SET state = 'imported', attempts = 1, imported_at = now(), conversation_id = id
                WHERE source_key LIKE 'old-%'
                """
        )
        _ = try await store.client.query("ALTER TABLE dixa_outbox SET (autovacuum_enabled = false)", logger: store.logger).collect()
        try await waitWhileVacuuming(store)
        let before = try await AutovacuumCounts.read(store)
        try await store.client.withTransaction(logger: store.logger) { connection in
            _ = try await connection.query(insertRows(count: rows, prefix: "old", age: .seconds(86_400)), logger: store.logger).collect()
            _ = try await connection.query(imported, logger: store.logger).collect()
        }
        _ = try await store.client.query("ALTER TABLE dixa_outbox RESET (autovacuum_enabled)", logger: store.logger).collect()
        return before
    }

    /// Puts the claimed rows back, so that every measurement sees the same 10,000 due rows.
    private static func putBackClaimedRows(_ store: OutboxStore) async throws {
        _ = try await store.client.query(
            "UPDATE dixa_outbox SET state = 'pending', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL WHERE state = 'running'",
            logger: store.logger
        ).collect()
    }

    private static func waitWhileVacuuming(_ store: OutboxStore) async throws {
        while true {
            let rows = try await store.client.query(
                "SELECT count(*) FROM pg_stat_progress_vacuum WHERE relid = 'dixa_outbox'::regclass",
                logger: store.logger
            )
            var running: Int64 = 0
            for try await count in rows.decode(Int64.self) { running = count }
            if running == 0 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Waits until autovacuum has done what `done` asks of `dixa_outbox`, at most 10 minutes.
    private static func waitForAutovacuum(_ store: OutboxStore, until done: (AutovacuumCounts) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            if done(try await AutovacuumCounts.read(store)) { return }
            try await Task.sleep(for: .seconds(1))
        }
        throw BenchError("growth: autovacuum did not get to dixa_outbox within 10 minutes")
    }

    /// The times of `claims` claims of `batch` rows each, in milliseconds, as the worker claims: the planner picks the
    /// tenants among all of them (its time counts), the claim reads their budget rows, and each row is finished at once,
    /// so every claim has the same budgets to offer. Then the claimed rows go back, so that every round sees the same due
    /// rows.
    private static func claimTimes(_ store: OutboxStore, claims: Int) async throws -> [Double] {
        let paced = (1...tenants).map { index in
            (name: tenantName(index), pace: Optional(TenantPace(requestsPerSecond: 10, burst: 4, budgetKey: "growth-t\(index)")))
        }
        var planner = ClaimPlanner(horizon: .milliseconds(500))
        var times: [Double] = []
        for _ in 0..<claims {
            let started = ContinuousClock.now
            let offers = planner.plan(paced, batch: batch)
            let rows = try await store.claim(limit: batch, worker: "bench-growth", lease: .seconds(300), offers: offers)
            times.append((ContinuousClock.now - started).seconds * 1000)
            planner.claimed(offers, rows: Dictionary(grouping: rows, by: \.tenant).mapValues(\.count))
            for row in rows { planner.finished(row.tenant) }
            guard rows.count == batch else { throw BenchError("growth: a claim returned \(rows.count) rows") }
        }
        try await putBackClaimedRows(store)
        return times
    }

    /// As `claimTimes`, for the one tenant's table, claimed as before tenants: one unpaced offer of the whole batch.
    private static func oneTenantClaimTimes(_ store: OutboxStore, claims: Int) async throws -> [Double] {
        var times: [Double] = []
        for _ in 0..<claims {
            let started = ContinuousClock.now
            let rows = try await store.claim(limit: batch, worker: "bench-growth", lease: .seconds(300))
            times.append((ContinuousClock.now - started).seconds * 1000)
            guard rows.count == batch else { throw BenchError("growth: a claim returned \(rows.count) rows") }
        }
        try await putBackClaimedRows(store)
        return times
    }
}
