import DixaAPI
import DixaSandbox
import Foundation
import Importer
import LocalPostgres
import Logging
import Outbox
import PostgresNIO
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Never lost, never twice: crashes, concurrent workers, a database restart, shutdown.
/// The heavy ones run when `DIXA_RELIABILITY_TESTS=1`. They measure behaviour under crashes, signals and outages
/// with real processes, so `.ci/run` runs them on their own, one at a time, after the main suite.
@Suite("Reliability: never lost, never twice", .serialized)
struct ReliabilityTests {
    static let heavy = ProcessInfo.processInfo.environment["DIXA_RELIABILITY_TESTS"] == "1"

    /// `rows` transcripts from `rows / 10` requesters, each conversation at its own minute, so that
    /// reconciliation has several candidates per requester to choose from.
    static func enqueue(_ rows: Int, in env: TestEnvironment) async throws {
        try await env.store.client.query(
            """
            INSERT INTO dixa_outbox (source_key, transcript)
            SELECT 'row-' || n, jsonb_build_object(
                'requester', jsonb_build_object('email', 'user' || (n % \(max(rows / 10, 1))) || '@example.com'),
                'messages', jsonb_build_array(
                    jsonb_build_object('from', 'user', 'text', 'question ' || n,
                        'at', to_char(timestamptz '2026-01-01 00:00:00+00' + n * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                    jsonb_build_object('from', 'bot', 'text', 'answer ' || n,
                        'at', to_char(timestamptz '2026-01-01 00:00:30+00' + n * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))),
                'attributes', CASE WHEN n % 2 = 0 THEN jsonb_build_object('order_id', 'A-' || n) ELSE '{}'::jsonb END)
            FROM generate_series(1, \(rows)) AS n
            """,
            logger: env.logger
        )
    }

    static func environment(_ env: TestEnvironment) -> [String: String] {
        [
            "DATABASE_URL": env.databaseURL, "DIXA_API_TOKEN": TestEnvironment.token, "DIXA_BASE_URL": env.baseURL,
            "DIXA_AGENT_ID": TestEnvironment.botAgentID.uuidString, "LOG_LEVEL": "info",
        ]
    }

    static let fastDrain = [
        "drain", "--lease", "2", "--request-timeout", "0.9", "--rate-limit", "5000", "--burst", "50", "--concurrency", "8",
        "--retry-base", "0.05", "--retry-max", "0.2",
    ]

    /// Runs drain until every row is imported (rows leased by a killed process come back after 2 s).
    static func drainToCompletion(_ env: TestEnvironment, extra: [String] = []) async throws {
        for _ in 0..<40 {
            let result = try await CommandRunner.run(fastDrain + extra, environment: environment(env))
            #expect(result.status == 0, "drain failed: \(result.output.suffix(600))")
            if try await env.count("SELECT count(*) FROM dixa_outbox WHERE state <> 'imported'") == 0 { return }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Every row imported, and every source_key exactly one conversation in Dixa; every requester one end user.
    static func expectExactlyOnce(_ env: TestEnvironment, rows: Int) async throws {
        let unsettled = try await env.store.client.query(
            "SELECT source_key || ' ' || state || ' ' || attempts || ' ' || coalesce(last_error, '') FROM dixa_outbox WHERE state <> 'imported'",
            logger: env.logger
        ).collect().map { try $0.decode(String.self) }
        #expect(unsettled == [])
        let conversations = await env.sandbox.conversations()
        let perKey = Dictionary(grouping: conversations, by: { $0.externalId ?? "" })
        #expect(perKey.count == rows)
        #expect(perKey.values.filter { $0.count > 1 }.map { $0[0].externalId ?? "" }.sorted() == [])
        let users = await env.sandbox.endUsers()
        #expect(Set(users.compactMap(\.email)).count == users.count)
        // Every imported row points at its own conversation.
        #expect(try await env.count("SELECT count(DISTINCT conversation_id) FROM dixa_outbox") == rows)
    }

    @Test("a long row renews its lease, so no other worker takes it over", .timeLimit(.minutes(1)))
    func leaseRenewal() async throws {
        try await TestEnvironment.with { env in
            // A 4 s lease, renewed every 2 s, on a row whose import takes 10 s; a second worker tries at 6 s, when the
            // lease would have expired without renewal. Wide margins, so a loaded machine cannot fake either outcome.
            await env.sandbox.setFaults([SandboxFaultRule(path: "/v1/conversations/import", times: 1, delayMilliseconds: 10_000)])
            try await env.enqueue("long", Transcripts.simple())
            var configuration = TestEnvironment.fastConfiguration()
            configuration.leaseDuration = .seconds(4)
            let first = env.worker(configuration, client: env.dixaClient(timeout: .seconds(20)))
            let second = env.worker(configuration, client: env.dixaClient(timeout: .seconds(20)))
            async let firstDrain = first.drain()
            try await Task.sleep(for: .seconds(6))
            let secondSummary = try await second.drain()
            _ = try await firstDrain
            #expect(secondSummary.claimed == 0)
            #expect(await env.requests("POST", "/v1/conversations/import").count == 1)
            #expect(try await env.row("long").attempts == 1)
        }
    }

    @Test("SIGTERM: stop claiming, hand back unfinished rows at once, exit 0; nothing stays running", .enabled(if: heavy), .timeLimit(.minutes(2)))
    func sigtermHandsRowsBack() async throws {
        try await TestEnvironment.with { env in
            // Imports take 8 s, the grace is 0.5 s: however loaded the machine, they are cut short.
            await env.sandbox.setFaults([SandboxFaultRule(path: "/v1/conversations/import", delayMilliseconds: 8000)])
            try await Self.enqueue(12, in: env)
            let running = try CommandRunner.start(
                ["run", "--concurrency", "4", "--shutdown-grace", "0.5", "--request-timeout", "10", "--lease", "60"],
                environment: Self.environment(env)
            )
            // The sandbox logs a request once it has answered, so watch the rows' own checkpoint instead.
            for _ in 0..<200 where try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'running' AND import_sent_at IS NOT NULL") < 4
            {
                try await Task.sleep(for: .milliseconds(50))
            }
            running.send(SIGTERM)
            let result = await running.wait()
            #expect(result.status == 0, "run output: \(result.output.suffix(800))")
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'running'") == 0)
            // Nothing burnt an attempt. Rows never started are due now; the four whose import was on the wire are due
            // once that request would have timed out (10 s), not at lease expiry (60 s), so reconciliation can see it.
            let states = try await env.store.client.query(
                "SELECT source_key || ' ' || state || ' ' || attempts || ' ' || coalesce(last_error_code, '-') FROM dixa_outbox ORDER BY id",
                logger: env.logger
            ).collect().map { try $0.decode(String.self) }
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'pending' AND attempts = 0") == 12, "\(states)")
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE run_at <= now()") == 8)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE run_at > now() AND run_at <= now() + interval '11 seconds'") == 4)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE outcome = 'released' AND error_code = 'shutdown'") == 4)
            // The imports cut short may still have landed in Dixa: the next run reconciles instead of importing twice.
            await env.sandbox.setFaults([])
            try await Self.drainToCompletion(env)
            try await Self.expectExactlyOnce(env, rows: 12)
        }
    }

    @Test("SIGKILL at random moments, 20 times over 1,000 rows: 0 lost, 0 duplicated", .enabled(if: heavy), .timeLimit(.minutes(10)))
    func crashInjection() async throws {
        try await TestEnvironment.with { env in
            try await Self.enqueue(1000, in: env)
            var killedWithRowsInFlight = 0
            for _ in 0..<20 {
                let running = try CommandRunner.start(Self.fastDrain, environment: Self.environment(env))
                try await Task.sleep(for: .milliseconds(Int.random(in: 150...900)))
                if try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'running'") > 0 { killedWithRowsInFlight += 1 }
                running.send(SIGKILL)
                _ = await running.wait()
            }
            let importedBeforeRecovery = try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'")
            try await Self.drainToCompletion(env)
            try await Self.expectExactlyOnce(env, rows: 1000)
            let adopted = try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE outcome = 'imported'")
            print(
                "crash injection: 20 SIGKILLs (\(killedWithRowsInFlight) with rows in flight), \(importedBeforeRecovery) imported before recovery, "
                    + "1000 rows, 0 lost, 0 duplicated, \(adopted) completed attempts, \(await env.sandbox.recordedRequests().count) Dixa requests"
            )
        }
    }

    @Test("four drain processes at once over 2,000 rows import each row exactly once", .enabled(if: heavy), .timeLimit(.minutes(10)))
    func fourDrainsAtOnce() async throws {
        try await TestEnvironment.with { env in
            try await Self.enqueue(2000, in: env)
            let drains = try (0..<4).map { _ in try CommandRunner.start(Self.fastDrain, environment: Self.environment(env)) }
            var outputs: [CommandRunner.Result] = []
            for drain in drains { outputs.append(await drain.wait()) }
            #expect(outputs.allSatisfy { $0.status == 0 })
            let perProcess = outputs.compactMap { $0.output.split(separator: "\n").last { $0.hasPrefix("drain:") } }
            #expect(perProcess.count == 4)
            try await Self.drainToCompletion(env)
            try await Self.expectExactlyOnce(env, rows: 2000)
            print("four drains over 2000 rows: \(perProcess.joined(separator: " | "))")
        }
    }

    @Test(
        "PostgreSQL restarted 8 times mid-drain: the drain reconnects each time and every row is imported once",
        .enabled(if: heavy),
        // This test found two postgres-nio 1.33.2 bugs. A statement written to a connection the server had just
        // closed never completed, and the drain waited for ever: the outbox now races every statement against the
        // close. And a pool with a minimum traps on a precondition when asked for a connection while the ones it
        // keeps are closing (SIGILL in 5 of 5 runs): the worker's pool keeps none.
        .timeLimit(.minutes(5))
    )
    func postgresRestart() async throws {
        let postgres = try LocalPostgres.start(logger: Logger(label: "restart-test"))
        defer { postgres.stop() }
        let rows = 3000
        try await TestEnvironment.with(databaseURL: postgres.url()) { env in
            try await Self.enqueue(rows, in: env)
            // At 300 requests/s the drain needs at least 20 s, longer than the restarts take.
            let drain = try CommandRunner.start(
                [
                    "drain", "--lease", "2", "--request-timeout", "0.9", "--rate-limit", "300", "--burst", "20", "--concurrency", "16",
                    "--retry-base", "0.02", "--retry-max", "0.1",
                ],
                environment: Self.environment(env)
            )
            // Restart once the drain is under way (its first imports are in), however slowly it started.
            for _ in 0..<600 where try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'") == 0 {
                try await Task.sleep(for: .milliseconds(100))
            }
            let importedBeforeOutages = try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'")
            for _ in 0..<8 {
                try postgres.stopServer()
                try await Task.sleep(for: .milliseconds(200))
                try postgres.startAgain()
                try await Task.sleep(for: .milliseconds(600))
            }
            // Counted on a connection opened after the restarts: the pool's old ones were all terminated by them.
            let importedWhenBack = try await Self.importedCount(env.databaseURL)
            let result = await drain.wait()
            // The restarts came mid-drain (rows were done before them and rows were left after them), every backend
            // was terminated each time, and the same drain process imported the rest on new connections.
            #expect(importedBeforeOutages > 0 && importedWhenBack < rows)
            #expect(result.status == 0, "drain output: \(result.output.suffix(3000))")
            let importedByThatDrain = try await Self.importedCount(env.databaseURL)
            #expect(importedByThatDrain == rows)
            print(
                "postgres restarts: \(importedBeforeOutages) imported before 8 restarts, \(importedWhenBack) after them, "
                    + "\(importedByThatDrain) of \(rows) by the same drain process"
            )
            try await Self.drainToCompletion(env)
            try await Self.expectExactlyOnce(env, rows: rows)
        }
    }

    /// Imported rows, counted on a connection of its own.
    static func importedCount(_ databaseURL: String) async throws -> Int {
        let connection = try await PostgresConnection.connect(
            configuration: ConnectionLossTests.single(try DatabaseURL.configuration(from: databaseURL)),
            id: 41,
            logger: Logger(label: "restart-count")
        )
        defer { Task { try? await connection.close() } }
        let rows = try await connection.query("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'", logger: Logger(label: "restart-count"))
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    /// 5xx, 429 with and without Retry-After, resets, answers lost after the import was applied, and slow
    /// answers past the client timeout, all at once.
    static let faultMix: [SandboxFaultRule] = [
        SandboxFaultRule(rate: 0.06, status: 500, message: "There was an internal server error while processing the request"),
        SandboxFaultRule(rate: 0.04, status: 503, message: "Service Unavailable"),
        SandboxFaultRule(rate: 0.04, status: 429, message: "Too Many Requests", retryAfterSeconds: 0),
        SandboxFaultRule(rate: 0.04, status: 429, message: "Too Many Requests"),
        SandboxFaultRule(rate: 0.04, drop: .before),
        SandboxFaultRule(method: "POST", rate: 0.10, drop: .after),
        SandboxFaultRule(rate: 0.02, delayMilliseconds: 1200),
    ]

    @Test("every fault at once: each row imported exactly once, and 429 never burns an attempt", arguments: [40, 400])
    func faultMixExactlyOnce(rows: Int) async throws {
        guard rows <= 40 || Self.heavy else { return }
        try await TestEnvironment.with { env in
            try await Self.enqueue(rows, in: env)
            await env.sandbox.setFaults(Self.faultMix)
            var configuration = TestEnvironment.fastConfiguration()
            configuration.concurrency = 8
            configuration.retry = RetryPolicy(base: .milliseconds(20), maximum: .milliseconds(100), maxAttempts: 12)
            let workers = (0..<2).map { _ in env.worker(configuration, client: env.dixaClient(timeout: .milliseconds(800))) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Up to 5 minutes: 400 rows through a tenth of failures each, with backoff, on a loaded 2-core machine.
                for worker in workers { group.addTask { try await env.drainUntilSettled(worker, budget: .seconds(300)) } }
                try await group.waitForAll()
            }
            await env.sandbox.setFaults([])
            try await Self.expectExactlyOnce(env, rows: rows)
            // A 429 is waited out or the row handed back: never a burnt attempt.
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE error_code = 'rate_limited' AND outcome <> 'released'") == 0)
            let requests = await env.sandbox.recordedRequests()
            let byStatus = Dictionary(grouping: requests, by: \.status).mapValues(\.count).sorted { $0.key < $1.key }
            let retries = try await env.count("SELECT count(*) FROM dixa_outbox_attempts WHERE outcome = 'retry'")
            let reconciled = await env.requests().filter { $0.path.hasSuffix("/conversations") && $0.method == "GET" }.count
            print(
                "fault mix over \(rows) rows: \(requests.count) Dixa requests by status \(byStatus), \(retries) retries, \(reconciled) reconciliation lookups, 0 lost, 0 duplicated"
            )
        }
    }
}

/// What a killed process must not leave behind.
@Suite("Reliability: a killed process leaves nothing behind", .serialized)
struct KilledProcessTests {
    @Test(
        "a process killed with SIGKILL while its throwaway PostgreSQL runs leaves no cluster behind",
        .enabled(if: ReliabilityTests.heavy),
        .timeLimit(.minutes(3))
    )
    func noClusterOutlivesItsProcess() async throws {
        // dixa-bench starts a throwaway cluster (LocalPostgres, as the tests and `demo` do) in TMPDIR, then works for
        // minutes; it is killed once its server runs. SIGKILL runs no handler and no `atexit`: only the watchdog can
        // stop the server and delete its files.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("killed-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bench = try CommandRunner.start(
            ["--only", "growth", "--throwaway-postgres"],
            environment: ["TMPDIR": scratch.path],
            executable: CommandRunner.sibling("dixa-bench")
        )
        var postmaster: pid_t?
        var cluster: URL?
        for _ in 0..<1200 where postmaster == nil {
            try await Task.sleep(for: .milliseconds(100))
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
            for folder in folders where folder.hasPrefix("dixa-pg-") {
                let pidFile = scratch.appendingPathComponent(folder).appendingPathComponent("data/postmaster.pid").path
                // Its first line is the server's pid, its last the status, "ready" once it accepts connections (initdb's
                // bootstrap backend writes one too, with a negative pid).
                let lines = ((try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? "").split(separator: "\n").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if let pid = lines.first.flatMap({ pid_t($0) }), pid > 0, lines.last == "ready" {
                    (postmaster, cluster) = (pid, scratch.appendingPathComponent(folder))
                }
            }
        }
        let server = try #require(postmaster, "no cluster started; bench output: \(bench.outputSoFar.suffix(800))")
        #expect(kill(server, 0) == 0, "the server runs before the kill")
        bench.send(SIGKILL)
        _ = await bench.wait()
        var gone = false
        for _ in 0..<600 where !gone {
            try await Task.sleep(for: .milliseconds(100))
            gone = kill(server, 0) != 0 && !FileManager.default.fileExists(atPath: cluster?.path ?? "")
        }
        #expect(gone, "PostgreSQL \(server) still runs, or its files at \(cluster?.path ?? "") are left, 60 s after its process was killed")
    }
}
