import Logging
import Outbox
import PostgresNIO
import Secrets
import ServiceLifecycle
import Webhooks

/// The service graph of `webhooks serve`: a PostgreSQL pool and the receiver, without the worker or Dixa.
public struct WebhookReceiverServices: Sendable {
    public let store: OutboxStore
    let postgres: PostgresClient
    let receiver: WebhookReceiver
    let logger: Logger

    public init(database: DatabaseSettings, webhooks: WebhookSettings, secretsKey: SecretsKey?, logger: Logger) {
        postgres = PostgresClient(configuration: database.configuration, backgroundLogger: poolLogger(logger))
        store = OutboxStore(client: postgres, logger: logger)
        receiver = WebhookReceiver(configuration: webhooks.receiver(secretsKey: secretsKey), store: store, logger: logger)
        self.logger = logger
    }

    /// Serves until a graceful shutdown.
    public func run(signals: ShutdownSignals? = nil) async throws {
        let checked = OneShotService(name: "webhooks") { [store, receiver, logger] in
            try await requireMigrated(store, logger: logger)
            try await receiver.run()
        }
        let group = ServiceGroup(configuration: .init(services: [.init(service: postgres), .init(service: checked)], logger: logger))
        if let signals {
            try await signals.run(group, logger: logger)
        } else {
            try await group.run()
        }
    }
}
