import DixaAPI
import DixaSandbox
import Foundation
import Importer
import Logging
import Outbox
import PostgresNIO
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
