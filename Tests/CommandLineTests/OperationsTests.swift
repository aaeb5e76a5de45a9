import DixaSandbox
import Foundation
import Importer
import Outbox
import PostgresNIO
import TestSupport
import Testing

@Suite("Operating it: reports, requeue, prune, check")
struct OperationsTests {
    /// A database with rows in every state: imported (one with partial errors), dead with two error codes,
    /// pending and due, pending and waiting on a retry, running with an expired lease; and one halt.
    static func populate(_ env: TestEnvironment) async throws {
        try await env.enqueue("ok-1", Transcripts.simple(email: "a@example.com"))
        try await env.enqueue("ok-2", Transcripts.simple(email: "b@example.com", attributes: #"{"warranty":"gold"}"#))
        try await env.drainUntilSettled(env.worker())
        for (key, code, message) in [
            ("dead-1", "bad_request", "HTTP 400 Invalid input for Message"), ("dead-2", "bad_request", "HTTP 400 Invalid input for Message"),
            ("dead-3", "server_error", "gave up after 8 attempts: HTTP 500"),
        ] {
            let id = try await env.enqueue(key, Transcripts.simple(email: "\(key)@example.com"))
            try await env.store.client.query(
                "UPDATE dixa_outbox SET state = 'dead', attempts = 8, last_error_code = \(code), last_error = \(message) WHERE id = \(id)",
                logger: env.logger
            )
        }
        try await env.enqueue("due", Transcripts.simple(email: "due@example.com"))
        let waiting = try await env.enqueue("waiting", Transcripts.simple(email: "w@example.com"))
        try await env.store.client.query(
            "UPDATE dixa_outbox SET run_at = now() + interval '1 hour', attempts = 2 WHERE id = \(waiting)",
            logger: env.logger
        )
        let stuck = try await env.enqueue("stuck", Transcripts.simple(email: "s@example.com"))
        try await env.store.client.query(
            "UPDATE dixa_outbox SET state = 'running', lease_token = gen_random_uuid(), lease_expires_at = now() - interval '1 minute' WHERE id = \(stuck)",
            logger: env.logger
        )
        try await env.store.recordHalt(
            worker: "host:1",
            cause: "POST /v1/conversations/import answered HTTP 400 Agent does not exist",
            remedy: "set DIXA_AGENT_ID"
        )
    }

    static func report(_ env: TestEnvironment, _ name: String, _ variables: [String: String] = [:]) async throws -> [[String: String]] {
        let table = try await env.store.run(try #require(Report.named(name)), variables: variables)
        return table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.columns, $0)) }
    }

    @Test("every report returns the expected rows on a database with rows in every state")
    func reports() async throws {
        try await TestEnvironment.with { env in
            try await Self.populate(env)
            let backlogRows = try await Self.report(env, "backlog")
            #expect(backlogRows.filter { $0["lane"] == "backfill" }.allSatisfy { $0["rows"] == "0" })
            var backlog: [String: [String: String]] = [:]
            for row in backlogRows where row["lane"] == "live" { backlog[row["state"] ?? ""] = row }
            #expect(backlog["pending"]?["rows"] == "2" && backlog["pending"]?["due_now"] == "1" && backlog["pending"]?["waiting_on_retry"] == "1")
            #expect(backlog["pending"]?["next_retry_at"]?.isEmpty == false && backlog["pending"]?["oldest_due_age"]?.isEmpty == false)
            #expect(backlog["pending"]?["drain_at_budget"] == "00:00:00")  // one due row at 10 a second
            // At the default tenant's --rate-limit given to report: one due row at half a request a second.
            let slow = try await Self.report(env, "backlog", ["rate_limit": "0.5"])
            #expect(slow.first { $0["lane"] == "live" && $0["state"] == "pending" }?["drain_at_budget"] == "00:00:02")
            #expect(backlog["running"]?["expired_leases"] == "1")
            #expect(backlog["imported"]?["rows"] == "2" && backlog["dead"]?["rows"] == "3")

            let failures = try await Self.report(env, "failures")
            #expect(failures.map { "\($0["error_code"]!) \($0["rows"]!)" } == ["bad_request 2", "server_error 1"])
            #expect(failures.first?["examples"]?.contains("dead-1") == true && failures.first?["examples"]?.contains("dead-2") == true)

            let partial = try await Self.report(env, "partial_errors")
            #expect(partial.count == 1 && partial.first?["example"] == "ok-2" && partial.first?["source"] == "attributes")
            #expect(try await Self.report(env, "partial_errors", ["since": "0 seconds"]).isEmpty)

            let throughput = try await Self.report(env, "throughput")
            #expect(throughput.count == 1 && throughput.first?["imported"] == "2")
            #expect(throughput.first?["dixa_calls_per_conversation"] == "3.50")  // 3 calls, and 4 with the PATCH

            let history = try await Self.report(env, "row_history", ["source_key": "ok-1"])
            #expect(history.map { $0["outcome"]! } == ["imported", "imported"])
            #expect(history.last?["attempt"] == "now" && history.first?["dixa_calls"] == "3")
            await #expect(throws: ReportError.self) { try await env.store.run(Report.named("row_history")!) }

            let halts = try await Self.report(env, "halts")
            #expect(halts.map { $0["worker"] } == ["host:1"] && halts.first?["cause"]?.contains("Agent does not exist") == true)
        }
    }

    @Test("the report files run as-is with psql -f and agree with `report`", .enabled(if: Self.psql != nil, "psql is not installed"))
    func reportsThroughPsql() async throws {
        try await TestEnvironment.with { env in
            try await Self.populate(env)
            let psql = try #require(Self.psql)
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            for report in Report.all {
                let file = root.appendingPathComponent("sql/reports/\(report.name).sql").path
                let arguments = ["-X", "-A", "-F", "|", "-v", "ON_ERROR_STOP=1", "-v", "source_key=ok-1", env.databaseURL, "-f", file]
                let before = try await env.store.run(report, variables: ["source_key": "ok-1"])
                let result = try await CommandRunner.run(arguments, environment: [:], executable: psql)
                let after = try await env.store.run(report, variables: ["source_key": "ok-1"])
                #expect(result.status == 0, "\(report.name): \(result.output)")
                #expect(before.rows.count == after.rows.count, "\(report.name): rows changed while psql ran")
                let lines = result.output.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
                for (earlier, later) in zip(before.rows, after.rows) where earlier[0] != "now" {
                    // An age (backlog's oldest_due_age) may tick while psql runs on a loaded machine: psql's value
                    // must lie between the two runs around it, and every other column must equal both.
                    let found = lines.contains { line in
                        line.count == earlier.count
                            && zip(line, zip(earlier, later)).allSatisfy { value, bounds in bounds.0 <= value && value <= bounds.1 }
                    }
                    #expect(found, "\(report.name): psql lacks \(earlier) (or, a moment later, \(later))")
                }
            }
        }
    }

    @Test("report prints aligned tables, CSV and JSON; an unknown name is named")
    func reportCommand() async throws {
        try await TestEnvironment.with { env in
            try await Self.populate(env)
            let environment = ["DATABASE_URL": env.databaseURL]
            let table = try await CommandRunner.run(["report"], environment: environment)
            #expect(table.status == 0)
            #expect(table.output.contains("== backlog.") && table.output.contains("== halts."))
            #expect(table.output.contains("| state    | rows |"))
            let csv = try await CommandRunner.run(["report", "failures", "--format", "csv"], environment: environment)
            #expect(
                csv.output.hasPrefix(
                    "tenant,error_code,message,rows,oldest,newest,examples\ndefault,bad_request,HTTP 400 Invalid input for Message,2,"
                )
            )
            let json = try await CommandRunner.run(["report", "row_history", "--source-key", "ok-1", "--format", "json"], environment: environment)
            let rows = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: String]]
            #expect(rows?.first?["outcome"] == "imported")
            let unknown = try await CommandRunner.run(["report", "nope"], environment: environment)
            #expect(unknown.status == 1 && unknown.output.contains("no report named nope"))
        }
    }

    @Test("requeue sets selected dead rows back to due with attempts reset; --dry-run changes nothing")
    func requeue() async throws {
        try await TestEnvironment.with { env in
            try await Self.populate(env)
            let environment = ["DATABASE_URL": env.databaseURL]
            let dry = try await CommandRunner.run(["requeue", "--error-code", "bad_request", "--dry-run"], environment: environment)
            #expect(dry.output.contains("dry run: 2 dead row(s) would be requeued"))
            #expect(try await env.row("dead-1").state == "dead")
            let one = try await CommandRunner.run(["requeue", "--source-key", "dead-1"], environment: environment)
            #expect(one.output.contains("requeued 1 dead row(s)"))
            let row = try await env.row("dead-1")
            #expect(row.state == "pending" && row.attempts == 0 && row.lastError == nil)
            let rest = try await CommandRunner.run(["requeue", "--all-dead"], environment: environment)
            #expect(rest.output.contains("requeued 2 dead row(s)"))
            let none = try await CommandRunner.run(["requeue"], environment: environment)
            #expect(none.status != 0 && none.output.contains("choose exactly one"))
            // The requeued rows are due now: one drain imports them (the row waiting an hour stays pending).
            _ = try await env.worker().drain()
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'dead'") == 0)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE source_key LIKE 'dead-%' AND state = 'imported'") == 3)
        }
    }

    @Test("prune deletes old imported rows with their attempts, never dead ones")
    func prune() async throws {
        try await TestEnvironment.with { env in
            try await Self.populate(env)
            try await env.store.client.query(
                "UPDATE dixa_outbox SET imported_at = now() - interval '40 days', updated_at = now() - interval '40 days' WHERE state = 'imported' OR state = 'dead'",
                logger: env.logger
            )
            let result = try await CommandRunner.run(["prune", "--older-than", "30d"], environment: ["DATABASE_URL": env.databaseURL])
            #expect(result.output.contains("pruned 2 imported row(s) older than 30d"))
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'") == 0)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'dead'") == 3)
            #expect(
                try await env.count("SELECT count(*) FROM dixa_outbox_attempts a LEFT JOIN dixa_outbox o ON o.id = a.outbox_id WHERE o.id IS NULL")
                    == 0
            )
            let bad = try await CommandRunner.run(["prune", "--older-than", "soon"], environment: ["DATABASE_URL": env.databaseURL])
            #expect(bad.status == 1 && bad.output.contains("is not an age"))
        }
    }

    @Test("check: all ✓ against a healthy sandbox; ✗ with what to do when misconfigured")
    func check() async throws {
        try await TestEnvironment.with { env in
            var environment = [
                "DATABASE_URL": env.databaseURL, "DIXA_API_TOKEN": TestEnvironment.token, "DIXA_BASE_URL": env.baseURL,
                "DIXA_AGENT_ID": SandboxSeed.botAgentID.uuidString, "DIXA_QUEUE_ID": SandboxSeed.supportQueueID.dixaString,
            ]
            try await env.enqueue("attrs", Transcripts.simple(attributes: #"{"order_id":"1"}"#))
            let healthy = try await CommandRunner.run(["check"], environment: environment)
            #expect(healthy.status == 0, "\(healthy.output)")
            #expect(healthy.output.split(separator: "\n").filter { $0.hasPrefix("✓") }.count == 5)

            try await env.enqueue("typo", Transcripts.simple(email: "t@example.com", attributes: #"{"ordr_id":"1"}"#))
            environment["DIXA_AGENT_ID"] = UUID().uuidString
            environment["DIXA_QUEUE_ID"] = UUID().uuidString.lowercased()
            let broken = try await CommandRunner.run(["check"], environment: environment)
            #expect(broken.status == 1)
            #expect(broken.output.contains("✗ the bot agent") && broken.output.contains("→ set DIXA_AGENT_ID"))
            #expect(broken.output.contains("✗ pending rows use custom attributes Dixa does not have: ordr_id"))
            #expect(broken.output.contains("✗ the escalation queue"))

            environment["DIXA_API_TOKEN"] = "wrong"
            let rejected = try await CommandRunner.run(["check"], environment: environment)
            #expect(rejected.status == 1 && rejected.output.contains("✗ Dixa rejects the API token"))
            #expect(!rejected.output.contains("wrong"))
        }
    }

    static let psql: String? = ["/usr/bin/psql", "/usr/local/bin/psql"].first { FileManager.default.isExecutableFile(atPath: $0) }
}
