import Console
import DixaAPI
import Foundation
import ImporterService
import Testing

@Suite("One validated settings value: every check, and the worker configuration derived from it")
struct SettingsTests {
    static let agent = UUID()
    static let database = DatabaseSettings(configuration: .init(host: "127.0.0.1", username: "u", password: nil, database: "d", tls: .disable))

    static func dixa(requestTimeout: Duration = .seconds(30)) throws -> DixaSettings {
        try DixaSettings(token: DixaToken("t0ken-value"), botAgentID: agent, requestTimeout: requestTimeout)
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let name: String
        let build: @Sendable () throws -> Void
        let code: SettingsError.Code
        let message: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "no DATABASE_URL", build: { _ = try DatabaseSettings(url: nil) }, code: .missing, message: "DATABASE_URL is not set"),
        Refusal(name: "an empty DATABASE_URL", build: { _ = try DatabaseSettings(url: "") }, code: .missing, message: "DATABASE_URL is not set"),
        Refusal(
            name: "a DATABASE_URL that is not postgres://",
            build: { _ = try DatabaseSettings(url: "mysql://user:hunter2@host/db") },
            code: .invalid,
            message: "DATABASE_URL must look like postgres://"
        ),
        Refusal(
            name: "no token",
            build: { _ = try DixaSettings(token: DixaToken("  "), botAgentID: agent) },
            code: .missing,
            message: "no Dixa API token"
        ),
        Refusal(
            name: "a base URL without a scheme",
            build: { _ = try DixaSettings(baseURL: "dev.dixa.io", token: DixaToken("t"), botAgentID: agent) },
            code: .invalid,
            message: "DIXA_BASE_URL must be an absolute http(s) URL"
        ),
        Refusal(
            name: "a request timeout of zero",
            build: { _ = try dixa(requestTimeout: .zero) },
            code: .invalid,
            message: "--request-timeout must be positive"
        ),
        Refusal(
            name: "a rate of zero",
            build: { _ = try DixaSettings(token: DixaToken("t"), botAgentID: agent, requestsPerSecond: 0) },
            code: .invalid,
            message: "--rate-limit must be positive"
        ),
        Refusal(
            name: "a burst of zero",
            build: { _ = try DixaSettings(token: DixaToken("t"), botAgentID: agent, burst: 0) },
            code: .invalid,
            message: "--burst at least 1"
        ),
        Refusal(
            name: "concurrency 0",
            build: { _ = try WorkerSettings(concurrency: 0) },
            code: .invalid,
            message: "--concurrency must be at least 1"
        ),
        Refusal(
            name: "a retry cap below the base",
            build: { _ = try WorkerSettings(retryBase: .seconds(10), retryMax: .seconds(5)) },
            code: .invalid,
            message: "--retry-max at least --retry-base"
        ),
        Refusal(
            name: "max attempts 0",
            build: { _ = try WorkerSettings(maxAttempts: 0) },
            code: .invalid,
            message: "--max-attempts must be at least 1"
        ),
        Refusal(
            name: "a negative shutdown grace",
            build: { _ = try WorkerSettings(shutdownGrace: .seconds(-1)) },
            code: .invalid,
            message: "--shutdown-grace must not be negative"
        ),
        Refusal(
            name: "a poll interval of zero",
            build: { _ = try WorkerSettings(pollInterval: .zero) },
            code: .invalid,
            message: "--poll-interval and --halt-recheck must be positive"
        ),
        Refusal(
            name: "port 70000",
            build: { _ = try ListenerSettings(port: 70000, name: "--metrics-port") },
            code: .invalid,
            message: "--metrics-port must be a port number"
        ),
        Refusal(
            name: "a webhook path without a slash",
            build: { _ = try WebhookSettings(listener: ListenerSettings(port: 8090, name: "p"), path: "webhooks") },
            code: .invalid,
            message: "--webhook-path must start with /"
        ),
        Refusal(
            name: "a lease of exactly two request timeouts",
            build: {
                _ = try ImporterSettings(database: database, dixa: dixa(requestTimeout: .seconds(30)), worker: WorkerSettings(lease: .seconds(60)))
            },
            code: .inconsistent,
            message: "--lease (60 s) must be more than twice --request-timeout (30 s)"
        ),
        Refusal(
            name: "metrics and webhooks on one port",
            build: {
                _ = try ImporterSettings(
                    database: database,
                    dixa: dixa(),
                    worker: WorkerSettings(),
                    webhooks: WebhookSettings(listener: ListenerSettings(port: 9090, name: "p")),
                    metrics: ListenerSettings(port: 9090, name: "--metrics-port")
                )
            },
            code: .inconsistent,
            message: "--metrics-port and --webhooks-port must differ"
        ),
        Refusal(
            name: "the console on the metrics port",
            build: {
                _ = try ImporterSettings(
                    database: database,
                    dixa: dixa(),
                    worker: WorkerSettings(),
                    metrics: ListenerSettings(port: 9090, name: "--metrics-port"),
                    console: ConsoleSettings(port: 9090, authentication: .disabled, name: "--console-port")
                )
            },
            code: .inconsistent,
            message: "--console-port and --metrics-port must differ (both are 9090)"
        ),
        Refusal(
            name: "the console on the webhooks port",
            build: {
                _ = try ImporterSettings(
                    database: database,
                    dixa: dixa(),
                    worker: WorkerSettings(),
                    webhooks: WebhookSettings(listener: ListenerSettings(port: 8090, name: "--webhooks-port")),
                    metrics: ListenerSettings(port: 9090, name: "--metrics-port"),
                    console: ConsoleSettings(port: 8090, authentication: .disabled, name: "--console-port")
                )
            },
            code: .inconsistent,
            message: "--console-port and --webhooks-port must differ (both are 8090)"
        ),
    ]

    @Test("refused, with a code and a message that names the setting", arguments: refusals)
    func refused(_ refusal: Refusal) {
        do {
            try refusal.build()
            Issue.record("\(refusal.name) was accepted")
        } catch let error as SettingsError {
            #expect(error.code == refusal.code)
            #expect(error.description.contains(refusal.message), "\(error)")
        } catch {
            Issue.record("\(refusal.name) threw \(error), not a SettingsError")
        }
    }

    @Test("no message repeats the token or the database password")
    func messagesAreLogSafe() {
        let attempts: [@Sendable () throws -> Void] = [
            { _ = try DatabaseSettings(url: "postgres://user:hunter2@host:5432/db?sslmode=bogus") },
            { _ = try DatabaseSettings(url: "mysql://user:hunter2@host/db") },
            { _ = try DixaSettings(baseURL: "ftp://x", token: DixaToken("t0ken-value"), botAgentID: Self.agent) },
            { _ = try DixaSettings(token: DixaToken("t0ken-value"), botAgentID: Self.agent, requestTimeout: .zero) },
        ]
        for attempt in attempts {
            do {
                try attempt()
                Issue.record("a bad setting was accepted")
            } catch {
                #expect(!"\(error)".contains("hunter2") && !"\(error)".contains("t0ken-value"), "\(error)")
            }
        }
    }

    @Test("a lease just over two request timeouts is accepted, and the worker's configuration carries every part")
    func derivedConfiguration() throws {
        let queue = UUID()
        let settings = try ImporterSettings(
            database: Self.database,
            dixa: try DixaSettings(token: DixaToken("t"), botAgentID: Self.agent, defaultQueueID: queue, requestTimeout: .seconds(30)),
            worker: try WorkerSettings(
                concurrency: 40,
                lease: .milliseconds(60_001),
                maxAttempts: 3,
                shutdownGrace: .seconds(2),
                pollInterval: .seconds(4),
                haltRecheck: .seconds(5)
            )
        )
        let importer = settings.importer
        #expect(importer.botAgentID == Self.agent)
        #expect(importer.defaultQueueID == queue)
        #expect(importer.concurrency == 40)
        #expect(importer.batchSize == 32)
        #expect(importer.leaseDuration == .milliseconds(60_001))
        #expect(importer.retry.maxAttempts == 3)
        #expect(importer.shutdownGrace == .seconds(2))
        #expect(importer.pollInterval == .seconds(4))
        #expect(importer.haltRecheckInterval == .seconds(5))
        #expect(settings.worker.groupShutdownLimit == .seconds(17))
    }
}
