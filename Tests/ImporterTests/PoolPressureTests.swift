import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Logging
import Outbox
import PostgresNIO
import TestSupport
import Testing

@Suite("The connection pool under load")
struct PoolPressureTests {
    @Test(
        "new requesters resolving at once on a 2-connection pool: no row waits for a second connection while holding one",
        .timeLimit(.minutes(1))
    )
    func resolvingNeverNeedsASecondConnection() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<16 { try await env.enqueue("new-\(index)", Transcripts.simple(email: "new-\(index)@example.com")) }
            var configuration = try DatabaseURL.configuration(from: env.databaseURL)
            configuration.options.maximumConnections = 2
            let small = PostgresClient(
                configuration: configuration,
                backgroundLogger: Logger(label: "quiet", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await small.run() }
                defer { group.cancelAll() }
                var importer = TestEnvironment.fastConfiguration()
                importer.concurrency = 16
                importer.batchSize = 16
                let worker = ImportWorker(
                    store: OutboxStore(client: small, logger: env.logger),
                    dixa: env.dixaClient(),
                    budget: env.budget(),
                    configuration: importer,
                    logger: env.logger
                )
                let summary = try await worker.drain()
                #expect(summary.imported == 16)
            }
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'") == 16)
            #expect(await env.requests("POST", "/v1/endusers").count == 16)
            #expect(try await env.count("SELECT count(DISTINCT requester_id) FROM dixa_end_users") == 16)
        }
    }

    @Test(
        "64 rows in flight, 160 new requesters, 20 connections and the production shared pacer: the drain finishes",
        .timeLimit(.minutes(4))
    )
    func sharedPacerAboveThePoolSize() async throws {
        try await TestEnvironment.with { env in
            for index in 0..<160 { try await env.enqueue("wide-\(index)", Transcripts.simple(email: "wide-\(index)@example.com")) }
            var configuration = try DatabaseURL.configuration(from: env.databaseURL)
            configuration.shapeForWorker(maximumConnections: 20)
            let quiet = Logger(label: "quiet", factory: { _ in SwiftLogNoOpLogHandler() })
            let pool = PostgresClient(configuration: configuration, backgroundLogger: quiet)
            let store = OutboxStore(client: pool, logger: env.logger, statementTimeout: .seconds(30))
            // As `run` and `drain` build it (WorkerWiring): the budget on a pool of its own. On the rows' pool, as
            // before issue #12, this drain wedged with every connection held by a row waiting for one more.
            let budget = RateBudgetStore(configuration: configuration, logger: env.logger, backgroundLogger: quiet)
            let pacer = SharedRequestPacer(budget: budget, key: DixaToken(TestEnvironment.token).budgetKey, requestsPerSecond: 200, burst: 8)
            var importer = TestEnvironment.fastConfiguration()
            importer.concurrency = 64
            let worker = ImportWorker(store: store, dixa: env.dixaClient(), budget: env.budget(pacer), configuration: importer, logger: env.logger)
            let summary = try await withThrowingTaskGroup(of: WorkerSummary?.self) { group in
                group.addTask {
                    await pool.run()
                    return nil
                }
                group.addTask {
                    try await budget.run()
                    return nil
                }
                group.addTask { try await worker.drain() }
                // A wedged drain never returns; give it far longer than 160 rows need at 200 requests/s, then stop.
                group.addTask {
                    try await Task.sleep(for: .seconds(120))
                    return nil
                }
                defer { group.cancelAll() }
                while let result = try await group.next() {
                    if let summary = result { return summary }
                    break
                }
                return WorkerSummary()
            }
            #expect(summary.imported == 160, "the drain did not finish: \(summary)")
            #expect(try await env.count("SELECT count(*) FROM dixa_outbox WHERE state = 'imported'") == 160)
            #expect(await env.requests("POST", "/v1/endusers").count == 160)
        }
    }

    @Test("the worker's pool keeps no minimum (postgres-nio traps on one during a restart), idles out in 2 s and sends no keep-alive")
    func workerPoolShape() throws {
        var configuration = try DatabaseURL.configuration(from: "postgres://u@127.0.0.1:5432/d")
        configuration.shapeForWorker(maximumConnections: PostgresClient.Configuration.workerConnections(concurrency: 4))
        #expect(configuration.options.minimumConnections == 0 && configuration.options.maximumConnections == 7)
        #expect(configuration.options.connectionIdleTimeout == .seconds(2))
        #expect(configuration.options.keepAliveBehavior == nil)
        #expect(PostgresClient.Configuration.workerConnections(concurrency: 500) == 20)
    }
}
