import ArgumentParser
import ImporterService
import Metrics
import Prometheus

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

            --console-port serves the operator console beside the worker, with the rules of `console`: \
            DIXA_CONSOLE_BASIC_AUTH or DIXA_CONSOLE_TOKEN from the environment, or --console-no-auth on loopback.

            Examples:
              DATABASE_URL=… DIXA_API_TOKEN_FILE=/run/secrets/dixa DIXA_AGENT_ID=… dixa-importer run --concurrency 8
              DIXA_CONSOLE_BASIC_AUTH=ops:s3cret dixa-importer run --metrics-port 9090 --console-port 8070
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

    @Option(help: "Also serve the operator console (see `console --help`) on this port; off when not given.")
    var consolePort: Int?

    @Option(help: "The address the console listens on; 127.0.0.1 (this machine only) unless given.")
    var consoleHost: String = "127.0.0.1"

    @Flag(help: "Serve the console without authentication: allowed only on a loopback --console-host.")
    var consoleNoAuth = false

    @Flag(help: "Serve the console without its requeue forms; its POST requests are refused.")
    var consoleReadOnly = false

    @OptionGroup var webhooks: WebhookOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dixa: DixaOptions
    @OptionGroup var worker: WorkerOptions
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let signals = await ShutdownSignals.trap()
        let registry = PrometheusCollectorRegistry()
        if metricsPort != nil {
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        }
        let secretsKey = try secrets.key()
        let dixaSettings = try dixa.settings(tenantsOnly: secretsKey != nil)
        let settings = try ImporterSettings(
            database: try database.settings(),
            dixa: dixaSettings,
            worker: try worker.settings(pollInterval: pollInterval, haltRecheck: haltRecheck),
            webhooks: try webhooksPort.map { try webhooks.settings(port: $0, botAgentID: dixaSettings.botAgentID) },
            metrics: try metricsPort.map { try ListenerSettings(port: $0, name: "--metrics-port") },
            console: try consolePort.map {
                try ConsoleOptions.settings(
                    host: consoleHost,
                    port: $0,
                    noAuth: consoleNoAuth,
                    readOnly: consoleReadOnly,
                    defaultRateLimit: dixa.rateLimit,
                    portFlag: "--console-port"
                )
            },
            secretsKey: secretsKey
        )
        try await ImporterServices(settings: settings, metricsRegistry: registry, logger: logger).run(.run, signals: signals)
    }
}
