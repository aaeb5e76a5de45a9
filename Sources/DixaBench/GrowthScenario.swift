import Foundation
import Outbox
import PostgresNIO

/// Claim latency with 10,000 due rows, then with the same due rows among 1,000,000 (the rest `imported`): the claim
/// reads only the partial index of due rows, so the two should match.
struct GrowthResult: Codable, Sendable {
    var smallTableRows: Int
    var largeTableRows: Int
    var claimsEach: Int
    var batch: Int
    var smallMedianMilliseconds: Double
    var largeMedianMilliseconds: Double
    var ratio: Double
}

enum GrowthScenario {
    static func run(_ world: BenchWorld, largeRows: Int, run: Int) async throws -> GrowthResult {
        let url = try await world.freshDatabase("growth\(run)")
        return try await world.withStore(url) { store in
            try await Workload.prepareQueueOnly(rows: 10_000, store: store)
            let small = try await medianClaim(store, claims: 100)
            // The rest of the million, imported long ago, in one statement; then statistics, as autovacuum would.
            try await store.client.withConnection { connection in
                let insert = PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO dixa_outbox (source_key, transcript, state, attempts, imported_at, conversation_id)
                        SELECT 'old-' || n, $1::jsonb, 'imported', 1, now() - interval '1 day', n FROM generate_series(1, $2::int) AS n
                        """,
                    binds: binds(Workload.transcript(email: "old@example.com", attributes: nil), largeRows - 10_000)
                )
                _ = try await connection.query(insert, logger: store.logger).collect()
                _ = try await connection.query("VACUUM ANALYZE dixa_outbox", logger: store.logger).collect()
            }
            // Put the claimed rows back, so both measurements see the same 10,000 due rows.
            try await store.client.withConnection { connection in
                _ = try await connection.query(
                    "UPDATE dixa_outbox SET state = 'pending', lease_token = NULL, lease_owner = NULL, lease_expires_at = NULL WHERE state = 'running'",
                    logger: store.logger
                ).collect()
            }
            let large = try await medianClaim(store, claims: 100)
            return GrowthResult(
                smallTableRows: 10_000,
                largeTableRows: largeRows,
                claimsEach: 100,
                batch: 32,
                smallMedianMilliseconds: small,
                largeMedianMilliseconds: large,
                ratio: large / small
            )
        }
    }

    private static func binds(_ transcript: String, _ count: Int) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(transcript)
        binds.append(Int32(count))
        return binds
    }

    /// The median time of `claims` claims of 32 rows each.
    private static func medianClaim(_ store: OutboxStore, claims: Int) async throws -> Double {
        var times: [Double] = []
        for _ in 0..<claims {
            let started = ContinuousClock.now
            let rows = try await store.claim(limit: 32, worker: "bench-growth", lease: .seconds(300))
            times.append((ContinuousClock.now - started).seconds * 1000)
            guard rows.count == 32 else { throw BenchError("growth: a claim returned \(rows.count) rows") }
        }
        return median(times)
    }
}
