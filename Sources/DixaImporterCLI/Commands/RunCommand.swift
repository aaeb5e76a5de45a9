import ArgumentParser
import DixaAPI
import Importer
import Logging
import Metrics
import Outbox
import PostgresNIO
import Prometheus
import ServiceLifecycle
import Webhooks

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs the importer as a long-lived service.",
        discussion: """
            Wakes within milliseconds of a chatbot's INSERT (LISTEN on the dixa_outbox channel), polls every \
            --poll-interval seconds as a safety net, and sleeps exactly until the next retry falls due. On a \
            configuration problem it stops claiming, says what to fix, and tries again every \
            --halt-recheck seconds, so it resumes by itself once the problem is fixed.

            SIGTERM or SIGINT: stop claiming, let the rows in flight finish, exit 0.

            Example:
              DATABASE_URL=… DIXA_API_TOKEN_FILE=/run/secrets/dixa DIXA_AGENT_ID=… dixa-importer run --concurrency 8
            """
    )

    @Option(help: "Seconds between polls when no NOTIFY arrives.")
    var pollInterval: Double = 10

    @Option(help: "Seconds to wait after a configuration halt before trying again.")
    var haltRecheck: Double = 60

    @Option(help: "Serve /metrics (Prometheus) and /health on this port, on all interfaces; off when not given.")
    var metricsPort: Int?

    @Option(help: "Also serve the webhook receiver (see `webhooks serve`) on this port, on all interfaces; off when not given.")
    var webhooksPort: Int?

    @OptionGroup var webhooks: WebhookOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dixa: DixaOptions
    @OptionGroup var worker: WorkerOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let signals = ShutdownSignals(logger: logger)
        let registry = PrometheusCollectorRegistry()
        if metricsPort != nil {
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        }
        guard pollInterval > 0, haltRecheck > 0 else { throw CommandError("--poll-interval and --halt-recheck must be positive") }
        var importer = try worker.configuration(botAgentID: try dixa.botAgentID(), requestTimeout: dixa.requestTimeout)
        importer.pollInterval = .milliseconds(Int64(pollInterval * 1000))
        importer.haltRecheckInterval = .milliseconds(Int64(haltRecheck * 1000))
        if let metricsPort, !(1...65535).contains(metricsPort) { throw CommandError("--metrics-port must be a port number") }
        let receiverConfiguration = try webhooksPort.map { try webhooks.configuration(port: $0, botAgentID: importer.botAgentID) }
        let wiring = try WorkerWiring(database: database, dixa: dixa, importer: importer, logger: logger)
        let (store, importWorker) = (wiring.store, wiring.worker)
        let checkedWorker = OneShotService(name: "worker") {
            try await requireMigrated(store, logger: logger)
            try await importWorker.run()
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: checkedWorker)]
        if let metricsPort {
            services.append(.init(service: MetricsServer.make(port: metricsPort, registry: registry, worker: importWorker, logger: logger)))
        }
        if let receiverConfiguration {
            services.append(.init(service: WebhookReceiver(configuration: receiverConfiguration, store: store, logger: logger)))
        }
        try await wiring.run(services, signals: signals, shutdownLimit: worker.groupShutdownLimit)
    }
}
