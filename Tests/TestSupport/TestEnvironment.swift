import DixaAPI
import DixaSandbox
import Foundation
import Importer
import InMemoryLogging
import Logging
import Outbox
import PostgresNIO

/// One test's world: a migrated database of its own, a running sandbox on an ephemeral port, and a
/// Dixa client pointed at it over real HTTP.
package struct TestEnvironment: Sendable {
    /// The environment's own database, for tests that run the binary against it.
    package let databaseURL: String
    package let store: OutboxStore
    package let sandbox: DixaSandbox
    package let baseURL: String
    package let logs: InMemoryLogHandler
    package let logger: Logger

    package static let token = SandboxSeed.standardToken
    package static let botAgentID = SandboxSeed.botAgentID

    /// Runs `body` with a fresh environment and tears it down afterwards.
    package static func with(
        sandboxConfiguration: SandboxConfiguration = SandboxConfiguration(),
        databaseURL givenURL: String? = nil,
        _ body: @Sendable (TestEnvironment) async throws -> Void
    ) async throws {
        let databaseURL: String
        if let givenURL {
            databaseURL = givenURL
        } else {
            databaseURL = try await TestPostgres.freshDatabaseURL()
        }
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "test", factory: { _ in logs })
        logger.logLevel = .trace
        let quiet = Logger(label: "quiet", factory: { _ in SwiftLogNoOpLogHandler() })
        var postgresConfiguration = try DatabaseURL.configuration(from: databaseURL)
        postgresConfiguration.options.maximumConnections = 30
        let client = PostgresClient(configuration: postgresConfiguration, backgroundLogger: quiet)
        let sandbox = DixaSandbox(configuration: sandboxConfiguration, logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            group.addTask { try await sandbox.run() }
            defer { group.cancelAll() }
            let store = OutboxStore(client: client, logger: logger)
            try await Migrator(client: client, logger: logger).migrate()
            let environment = TestEnvironment(
                databaseURL: databaseURL,
                store: store,
                sandbox: sandbox,
                baseURL: try await sandbox.baseURL(),
                logs: logs,
                logger: logger
            )
            try await body(environment)
        }
    }

    package func dixaClient(token: String = Self.token, timeout: Duration = .seconds(5)) -> DixaClient {
        DixaClient(configuration: DixaClientConfiguration(baseURL: baseURL, token: DixaToken(token), requestTimeout: timeout), logger: logger)
    }

    /// The budget the tests' workers spend from: `pacer`, and short waits after a 429 without `Retry-After`.
    package func budget(_ pacer: (any RequestPacer)? = nil) -> RequestBudget {
        RequestBudget(pacer: pacer, maxRateLimitWaits: 5, rateLimitFallbackWait: .milliseconds(20), logger: logger)
    }

    /// Retries become due within milliseconds, so a test can drain until rows settle.
    package static func fastConfiguration(maxAttempts: Int? = nil, agent: UUID = botAgentID) -> ImporterConfiguration {
        ImporterConfiguration(
            botAgentID: agent,
            workerName: "test-worker",
            leaseDuration: .seconds(60),
            concurrency: 4,
            retry: RetryPolicy(base: .milliseconds(2), maximum: .milliseconds(5), maxAttempts: maxAttempts),
            pollInterval: .milliseconds(50),
            haltRecheckInterval: .milliseconds(200),
            rateLimitReleaseDelay: .milliseconds(5)
        )
    }

    /// As `fastConfiguration`, with escalations going to the sandbox's support queue unless they name one.
    package static func escalationConfiguration(defaultQueue: UUID? = SandboxSeed.supportQueueID, maxAttempts: Int? = nil) -> ImporterConfiguration {
        var configuration = fastConfiguration(maxAttempts: maxAttempts)
        configuration.defaultQueueID = defaultQueue
        return configuration
    }

    package func worker(
        _ configuration: ImporterConfiguration = Self.fastConfiguration(),
        client: DixaClient? = nil,
        budget: RequestBudget? = nil
    ) -> ImportWorker {
        ImportWorker(store: store, dixa: client ?? dixaClient(), budget: budget ?? self.budget(), configuration: configuration, logger: logger)
    }

    /// Drains until no row is pending or running (retries included), or `budget` has passed.
    @discardableResult
    package func drainUntilSettled(_ worker: ImportWorker, budget: Duration = .seconds(60)) async throws -> WorkerSummary {
        let deadline = ContinuousClock.now + budget
        var summary = WorkerSummary()
        while ContinuousClock.now < deadline {
            summary = try await worker.drain()
            if summary.halt != nil { return summary }
            let unsettled = try await count("SELECT count(*) FROM dixa_outbox WHERE state IN ('pending', 'running')")
            if unsettled == 0 { return summary }
            try await Task.sleep(for: .milliseconds(20))
        }
        return summary
    }

    /// Enqueues a transcript given as JSON text; fails the test when the database refuses it.
    @discardableResult
    package func enqueue(_ sourceKey: String, _ transcriptJSON: String, kind: String = "closed") async throws -> Int64 {
        let result = try await store.enqueue(sourceKey: sourceKey, kind: kind, transcriptJSON: transcriptJSON)
        guard case .inserted(let id) = result else { throw TestFailure("enqueue of \(sourceKey) gave \(result)") }
        return id
    }

    /// A single integer from a test query.
    package func count(_ sql: String) async throws -> Int {
        let rows = try await store.client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await value in rows.decode(Int64.self) { return Int(value) }
        return 0
    }

    /// One row's columns of interest.
    package func row(_ sourceKey: String) async throws -> OutboxRow {
        let rows = try await store.client.query(
            """
            SELECT state, attempts, conversation_id, requester_id, last_error_code, last_error, lease_token IS NULL,
                import_sent_at IS NOT NULL, attributes_done_at IS NOT NULL, imported_at IS NOT NULL
            FROM dixa_outbox WHERE source_key = \(sourceKey)
            """,
            logger: logger
        )
        for try await (state, attempts, conversation, requester, code, error, leaseCleared, intent, attributesDone, importedAt)
            in rows.decode((String, Int32, Int64?, UUID?, String?, String?, Bool, Bool, Bool, Bool).self)
        {
            return OutboxRow(
                state: state,
                attempts: Int(attempts),
                conversationID: conversation,
                requesterID: requester,
                lastErrorCode: code,
                lastError: error,
                leaseCleared: leaseCleared,
                importIntentSet: intent,
                attributesDone: attributesDone,
                hasImportedAt: importedAt
            )
        }
        throw TestFailure("no row \(sourceKey)")
    }

    /// Runs `body` with `count` shared rate budgets on this environment's database, each on a pool of its own, as
    /// separate processes would have them.
    package func withRateBudgets(_ count: Int, _ body: @Sendable ([RateBudgetStore]) async throws -> Void) async throws {
        let quiet = Logger(label: "quiet", factory: { _ in SwiftLogNoOpLogHandler() })
        let configuration = try DatabaseURL.configuration(from: databaseURL)
        let budgets = (0..<count).map { _ in RateBudgetStore(configuration: configuration, logger: logger, backgroundLogger: quiet) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for budget in budgets { group.addTask { try await budget.run() } }
            defer { group.cancelAll() }
            try await body(budgets)
        }
    }

    /// As `withRateBudgets`, with one.
    package func withRateBudget(_ body: @Sendable (RateBudgetStore) async throws -> Void) async throws {
        try await withRateBudgets(1) { try await body($0[0]) }
    }

    /// Requests the sandbox received, optionally only those to `path` with `method`.
    package func requests(_ method: String? = nil, _ path: String? = nil) async -> [SandboxRecordedRequest] {
        await sandbox.recordedRequests().filter { request in
            (method == nil || request.method == method) && (path == nil || request.path == path)
        }
    }
}

package struct OutboxRow: Sendable, Equatable {
    package let state: String
    package let attempts: Int
    package let conversationID: Int64?
    package let requesterID: UUID?
    package let lastErrorCode: String?
    package let lastError: String?
    package let leaseCleared: Bool
    package let importIntentSet: Bool
    package let attributesDone: Bool
    package let hasImportedAt: Bool
}

package struct TestFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }

    /// Runs `body`, turning a `PSQLError` into a failure that shows the server's message: a test database holds no
    /// secrets, and PSQLError's own description hides everything, which leaves a failed CI run unexplained.
    @discardableResult
    package static func explainingPostgresErrors<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw TestFailure("\(what): \(String(reflecting: error))")
        }
    }
}

/// Builds transcript JSON for tests.
package enum Transcripts {
    package static func simple(email: String = "ann@example.com", attributes: String? = nil, extraRequester: String = "", queueID: String? = nil)
        -> String
    {
        let attributePart = (attributes.map { ",\"attributes\":\($0)" } ?? "") + (queueID.map { ",\"queueId\":\"\($0)\"" } ?? "")
        return """
            {"requester":{"email":"\(email)"\(extraRequester)},"messages":[\
            {"from":"user","text":"Where is my order?","at":"2026-11-24T10:00:00Z","id":"u1"},\
            {"from":"bot","text":"On its way.","at":"2026-11-24T10:00:05.250Z","id":"b1"}]\(attributePart)}
            """
    }
}
