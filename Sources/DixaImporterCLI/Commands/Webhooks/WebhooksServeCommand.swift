import ArgumentParser
import Outbox
import PostgresNIO
import ServiceLifecycle
import Webhooks

struct WebhooksServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the webhook receiver (POST --webhook-path, GET /health) until SIGTERM.",
        discussion: """
            Refuses (401) a delivery whose X-DIXA-SIGNATURE is missing, malformed, wrong, or older than \
            --webhook-tolerance seconds. The secret is that of the subscription named in X-DIXA-SUBSCRIPTION-ID, \
            as `webhooks install` stored it, or $DIXA_WEBHOOK_SECRET for every delivery. With $DIXA_WEBHOOK_TOKEN \
            set, each delivery must also carry `Authorization: Bearer <token>`; with $DIXA_WEBHOOK_BASIC_AUTH \
            (user:password), `Authorization: Basic …`. A repeated event is acknowledged \
            and not stored twice; messages written by the bot agent ($DIXA_AGENT_ID) are skipped. The same \
            receiver can run inside `run` (--webhooks-port).

            Example:
              DATABASE_URL=… DIXA_AGENT_ID=… dixa-importer webhooks serve --port 8090
            """
    )

    @Option(help: "The port to listen on, on all interfaces.")
    var port: Int = 8090

    @OptionGroup var webhooks: WebhookOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var dixa: DixaOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let signals = ShutdownSignals(logger: logger)
        let botAgentID = try? dixa.botAgentID()
        let receiverConfiguration = try webhooks.configuration(port: port, botAgentID: botAgentID)
        let postgres = PostgresClient(configuration: try database.configuration(), backgroundLogger: poolLogger(logger))
        let store = OutboxStore(client: postgres, logger: logger)
        let receiver = WebhookReceiver(configuration: receiverConfiguration, store: store, logger: logger)
        let checked = OneShotService(name: "webhooks") {
            try await requireMigrated(store, logger: logger)
            try await receiver.run()
        }
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: postgres), .init(service: checked)], logger: logger)
        )
        signals.attach(group)
        try await group.run()
    }
}
