import Console
import Foundation
import Outbox
import TestSupport
import Testing

/// A page costs a fixed number of statements whatever the tables hold, and every list it shows is bounded.
@Suite("The console's cost: statements per page, LIMITs")
struct ConsoleCostTests {
    @Test("every list statement of the console ends in a LIMIT; every console file is one statement with a binds line")
    func listsAreBounded() {
        #expect(ConsoleQueries.lists.count == ConsoleQueries.all.count - 2)  // the oldest due row and one row by id
        for file in ConsoleQueries.lists {
            #expect(file.text.contains("\nLIMIT $"), "\(file.name).sql has no LIMIT")
        }
        for file in ConsoleQueries.all {
            #expect(file.name.hasPrefix("console_"))
            #expect(file.text.contains("\n-- binds: "), "\(file.name).sql has no binds line")
            let body = file.text.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
            #expect(body.filter { $0 == ";" }.count == 1, "\(file.name).sql is one statement")
        }
    }

    /// Each page's statements, counted by the console's data layer.
    static func statements(_ console: ConsoleHarness, _ paths: [String]) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for path in paths {
            let before = console.server.data.statements
            let page = try await console.get(path)
            #expect(page.status == 200, "\(path)")
            counts[path] = console.server.data.statements - before
        }
        return counts
    }

    @Test("each page runs as many statements on 1,000,000 rows as on a few, and few", .timeLimit(.minutes(20)))
    func boundedOnAMillionRows() async throws {
        try await TestEnvironment.with { env in
            let dead = try await ConsoleSeed.deadRow(env, "dead-small")
            let paths = ["/", "/dead", "/dead?code=bad_request&age=1m", "/rows/\(dead)", "/halts", "/conversations/default/1/events"]
            let expected = [
                "/": 5, "/dead": 2, "/dead?code=bad_request&age=1m": 2, "/rows/\(dead)": 3, "/halts": 1, "/conversations/default/1/events": 1,
            ]
            try await ConsoleHarness.with(env) { console in
                let small = try await Self.statements(console, paths)
                #expect(small == expected)

                // One statement: a million rows, every tenth dead, each with an attempt finished within the day.
                try await env.store.client.query(
                    """
                    WITH rows AS (
                        INSERT INTO dixa_outbox (source_key, transcript, state, attempts, last_error_code, last_error, run_at)
                        SELECT 'bulk-' || n, '{"requester":{"email":"a@example.com"},"messages":[{"from":"user","text":"hi","at":"2026-11-24T10:00:00Z"}]}'::jsonb,
                            CASE WHEN n % 10 = 0 THEN 'dead' WHEN n % 10 = 1 THEN 'pending' ELSE 'imported' END,
                            1, CASE WHEN n % 10 = 0 THEN 'server_error' END, CASE WHEN n % 10 = 0 THEN 'HTTP 500' END,
                            now() - (n % 1440) * interval '1 minute'
                        FROM generate_series(1, 1000000) AS n
                        RETURNING id, state, run_at
                    )
                    INSERT INTO dixa_outbox_attempts (outbox_id, attempt, worker, started_at, finished_at, outcome, dixa_calls, rate_limited)
                    SELECT id, 1, 'bulk', run_at, run_at, CASE WHEN state = 'dead' THEN 'dead' ELSE 'imported' END, 2, 0 FROM rows
                    """,
                    logger: env.logger
                )
                try await env.store.client.query("ANALYZE dixa_outbox", logger: env.logger)
                try await env.store.client.query("ANALYZE dixa_outbox_attempts", logger: env.logger)
                #expect(try await env.count("SELECT count(*) FROM dixa_outbox") == 1_000_001)

                let large = try await Self.statements(console, paths)
                #expect(large == small)
                let deadPage = try await console.get("/dead")
                #expect(deadPage.body.components(separatedBy: "<input type=\"checkbox\"").count - 1 == 200, "the dead rows list stops at its LIMIT")
            }
        }
    }
}
