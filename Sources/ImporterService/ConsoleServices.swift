import Console
import Logging
import Outbox
import PostgresNIO
import ServiceLifecycle

/// The service graph of `dixa-importer console`: a PostgreSQL pool and the console, without the worker or Dixa.
public struct ConsoleServices: Sendable {
    public let store: OutboxStore
    public let console: ConsoleServer
    let postgres: PostgresClient
    let logger: Logger

    /// - Parameter onListening: called with the port bound (the settings may ask for port 0).
    public init(
        database: DatabaseSettings,
        console settings: ConsoleSettings,
        logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        postgres = PostgresClient(configuration: database.configuration, backgroundLogger: poolLogger(logger))
        store = OutboxStore(client: postgres, logger: logger)
        console = ConsoleServer(settings: settings, store: store, logger: logger, onListening: onListening)
        self.logger = logger
    }

    /// Serves until a graceful shutdown.
    public func run(signals: ShutdownSignals? = nil) async throws {
        let checked = OneShotService(name: "console") { [store, console, logger] in
            try await requireMigrated(store, logger: logger)
            try await console.run()
        }
        let group = ServiceGroup(configuration: .init(services: [.init(service: postgres), .init(service: checked)], logger: logger))
        if let signals {
            try await signals.run(group, logger: logger)
        } else {
            try await group.run()
        }
    }
}
