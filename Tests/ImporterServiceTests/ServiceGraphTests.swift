import AsyncHTTPClient
import DixaAPI
import DixaSandbox
import Foundation
import ImporterService
import LocalPostgres
import NIOFoundationCompat
import ServiceLifecycle
import ServiceLifecycleTestKit
import TestSupport
import Testing

/// The graph `run` and `drain` run, built by the library from settings and run in-process: shutdown, the grace
/// period and `/health`, without spawning the binary.
@Suite("The service graph, in-process", .timeLimit(.minutes(2)))
struct ServiceGraphTests {
    static func settings(
        _ env: TestEnvironment,
        agent: UUID = TestEnvironment.botAgentID,
        grace: Duration = .seconds(25),
        metricsPort: Int? = nil
    ) throws -> ImporterSettings {
        try ImporterSettings(
            database: DatabaseSettings(url: env.databaseURL),
            dixa: DixaSettings(
                baseURL: env.baseURL,
                token: DixaToken(TestEnvironment.token),
                botAgentID: agent,
                requestTimeout: .seconds(20)
            ),
            worker: WorkerSettings(
                lease: .seconds(60),
                shutdownGrace: grace,
                pollInterval: .milliseconds(100),
                haltRecheck: .seconds(60),
                workerName: "graph-test"
            ),
            metrics: try metricsPort.map { try ListenerSettings(host: "127.0.0.1", port: $0, name: "--metrics-port") }
        )
    }

    /// Waits, 60 s at most, until `query` counts at least `count` rows.
    static func waitFor(_ env: TestEnvironment, _ query: String, atLeast count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await env.count(query) < count {
            guard ContinuousClock.now < deadline else { throw TestFailure("still fewer than \(count) rows for: \(query)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("drain: imports what is due, then the whole group ends by itself and says what it did")
    func drainEnds() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<3 { try await env.enqueue("drain-\(index)", Transcripts.simple(email: "d\(index)@example.com")) }
            let summary = try await ImporterServices(settings: try Self.settings(env), logger: env.logger).run(.drain())
            #expect(summary.imported == 3 && summary.halt == nil)
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'") == 3)
        }
    }

    @Test("graceful shutdown of run: no new claims, the row in flight finishes and is imported, and run returns")
    func gracefulShutdownFinishesRowsInFlight() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(method: "POST", path: "/v1/conversations/import", times: 1, delayMilliseconds: 1500)])
            try await env.enqueue("slow", Transcripts.simple(email: "slow@example.com"))
            let services = ImporterServices(settings: try Self.settings(env), logger: env.logger)
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await services.run(.run) }
                    try await Self.waitFor(env, "SELECT count(*) FROM dixa_outbox WHERE import_sent_at IS NOT NULL AND state = 'running'", atLeast: 1)
                    trigger.triggerGracefulShutdown()
                    // Inserted after the shutdown began: never claimed.
                    try await env.enqueue("late", Transcripts.simple(email: "late@example.com"))
                    try await group.waitForAll()
                }
            }
            #expect(try await env.row("slow").state == "imported")
            #expect(try await env.row("late").state == "pending")
            #expect(try await env.row("late").attempts == 0)
            #expect(await env.requests("POST", "/v1/conversations/import").count == 1)
        }
    }

    @Test("a row still in flight when the shutdown grace ends is handed back: pending, its attempt undone, code shutdown")
    func shutdownGraceHandsRowsBack() async throws {
        try await TestEnvironment.with { env in
            await env.sandbox.setFaults([SandboxFaultRule(method: "POST", path: "/v1/conversations/import", delayMilliseconds: 30_000)])
            try await env.enqueue("stuck", Transcripts.simple(email: "stuck@example.com"))
            let services = ImporterServices(settings: try Self.settings(env, grace: .milliseconds(300)), logger: env.logger)
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await services.run(.run) }
                    try await Self.waitFor(env, "SELECT count(*) FROM dixa_outbox WHERE import_sent_at IS NOT NULL AND state = 'running'", atLeast: 1)
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                }
            }
            let row = try await env.row("stuck")
            #expect(row.state == "pending")
            #expect(row.attempts == 0)
            #expect(row.lastErrorCode == "shutdown")
            #expect(row.leaseCleared)
            #expect(services.worker.summary.released == 1)
        }
    }

    @Test("/health answers ok while the worker imports, 503 with what to fix once it halts; both end with the group")
    func healthFollowsTheWorker() async throws {
        try await TestEnvironment.with { env in
            try await env.enqueue("healthy", Transcripts.simple(email: "healthy@example.com"))
            let port = try LocalPostgres.freePort()
            let healthy = ImporterServices(settings: try Self.settings(env, metricsPort: port), logger: env.logger)
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await healthy.run(.run) }
                    try await Self.waitFor(env, "SELECT count(*) FROM dixa_outbox WHERE state = 'imported'", atLeast: 1)
                    let answer = try await Self.get("http://127.0.0.1:\(port)/health")
                    #expect(answer.status == 200 && answer.body == "ok\n")
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                }
            }

            try await env.enqueue("halting", Transcripts.simple(email: "halting@example.com"))
            let haltPort = try LocalPostgres.freePort()
            let halted = ImporterServices(settings: try Self.settings(env, agent: UUID(), metricsPort: haltPort), logger: env.logger)
            try await testGracefulShutdown { trigger in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await halted.run(.run) }
                    var answer = (status: 0, body: "")
                    let deadline = ContinuousClock.now + .seconds(60)
                    while answer.status != 503, ContinuousClock.now < deadline {
                        answer = (try? await Self.get("http://127.0.0.1:\(haltPort)/health")) ?? answer
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    #expect(answer.status == 503)
                    #expect(answer.body.contains("Agent does not exist") && answer.body.contains("DIXA_AGENT_ID"), "\(answer.body)")
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                }
            }
            #expect(try await env.row("halting").state == "pending")
            #expect(try await env.row("halting").attempts == 0)
            // The group closed the listener with everything else.
            await #expect(throws: (any Error).self) { try await Self.get("http://127.0.0.1:\(haltPort)/health") }
        }
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }
}
