import DixaAPI
import DixaSandbox
import Foundation
import Importer
import LocalPostgres
import Logging
import Outbox
import PostgresNIO

/// What every scenario runs against: one throwaway PostgreSQL server (a fresh database per scenario) and the
/// Dixa sandbox, in this process.
struct BenchWorld: Sendable {
    let postgres: LocalPostgres
    let sandbox: DixaSandbox
    /// The HTTP connections every scenario's worker talks to the sandbox over, as `run` and `drain` would.
    let connections: DixaConnections
    var baseURL: String
    let logger: Logger
    /// `--batch-size`: rows claimed per batch in the queue, pipeline and memory scenarios; nil for the worker's default.
    var batchSize: Int? = nil

    static let token = SandboxSeed.standardToken

    /// Creates an empty database and returns its URL.
    func freshDatabase(_ name: String) async throws -> String {
        let admin = PostgresClient(configuration: try DatabaseURL.configuration(from: postgres.url()), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await admin.run() }
            defer { group.cancelAll() }
            // The name is ours (a scenario name and a counter), never input; CREATE DATABASE takes no bind parameter.
            try await admin.query("CREATE DATABASE \(unescaped: name)", logger: logger)
        }
        return postgres.url(database: name)
    }

    /// Runs `body` with a migrated outbox in database `url`, on a pool of `connections`.
    func withStore<Result: Sendable>(
        _ url: String,
        connections: Int = 20,
        migrate: Bool = true,
        _ body: @Sendable (OutboxStore) async throws -> Result
    ) async throws -> Result {
        var configuration = try DatabaseURL.configuration(from: url)
        // The same pool shape as `dixa-importer run` and `drain`.
        configuration.shapeForWorker(maximumConnections: connections)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            if migrate {
                try await Migrator(client: client, logger: logger).migrate()
            }
            return try await body(OutboxStore(client: client, logger: logger))
        }
    }

    /// Runs `body` with the shared rate budget of database `url`, on its own pool as `run` and `drain` have it.
    func withRateBudget<Result: Sendable>(_ url: String, _ body: @Sendable (RateBudgetStore) async throws -> Result) async throws -> Result {
        let budget = RateBudgetStore(configuration: try DatabaseURL.configuration(from: url), logger: logger, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await budget.run() }
            defer { group.cancelAll() }
            return try await body(budget)
        }
    }

    /// The environment of a `dixa-importer drain` child working on database `url` against this world's sandbox.
    func drainEnvironment(databaseURL url: String, logLevel: String) -> [String: String] {
        [
            "DATABASE_URL": url,
            "DIXA_API_TOKEN": Self.token,
            "DIXA_AGENT_ID": SandboxSeed.botAgentID.uuidString,
            "DIXA_BASE_URL": baseURL,
            "LOG_LEVEL": logLevel,
        ]
    }

    func dixaClient() -> DixaClient {
        DixaClient(http: connections.http, configuration: DixaClientConfiguration(baseURL: baseURL, token: DixaToken(Self.token)), logger: logger)
    }

    /// The budget a scenario's worker spends from; nil: no pacing.
    func budget(pacer: (any RequestPacer)?) -> RequestBudget {
        RequestBudget(pacer: pacer, logger: logger)
    }

    static func configuration(concurrency: Int, worker: String, batchSize: Int? = nil) -> ImporterConfiguration {
        ImporterConfiguration(
            botAgentID: SandboxSeed.botAgentID,
            workerName: worker,
            concurrency: concurrency,
            batchSize: batchSize,
            rateLimitReleaseDelay: .milliseconds(200)
        )
    }
}

/// CPU seconds this process has used so far (user + system).
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
