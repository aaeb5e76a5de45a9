import ArgumentParser
import ImporterService

struct WebhooksServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the webhook receiver (POST --webhook-path, GET /health) until SIGTERM.",
        discussion: """
            Refuses (401) a delivery whose X-DIXA-SIGNATURE is missing, malformed, wrong, or older than \
            --webhook-tolerance seconds. The secret is that of the subscription named in X-DIXA-SUBSCRIPTION-ID, \
            as `webhooks install` stored it (sealed ones opened with $DIXA_SECRETS_KEY_FILE), and the subscription \
            says which tenant the event is stored for: one tenant's delivery signed with another's secret is refused. \
            $DIXA_WEBHOOK_SECRET is the default tenant's: it verifies the default tenant's subscriptions and \
            deliveries naming a subscription this database does not know. With $DIXA_WEBHOOK_TOKEN \
            set, each delivery must also carry `Authorization: Bearer <token>`; with $DIXA_WEBHOOK_BASIC_AUTH \
            (user:password), `Authorization: Basic …`. A repeated event is acknowledged \
            and not stored twice; messages written by the tenant's own bot agent ($DIXA_AGENT_ID for the default \
            tenant) are skipped; deliveries for a removed tenant are acknowledged and not stored. The same \
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
    @OptionGroup var secrets: SecretsOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap()
        let signals = await ShutdownSignals.trap()
        let webhookSettings = try webhooks.settings(port: port, botAgentID: try? dixa.botAgentID())
        try await WebhookReceiverServices(
            database: try database.settings(),
            webhooks: webhookSettings,
            secretsKey: try secrets.key(),
            logger: logger
        ).run(signals: signals)
    }
}
