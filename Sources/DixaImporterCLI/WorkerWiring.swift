import DixaAPI
import Importer
import Logging
import Outbox
import PostgresNIO
import ServiceLifecycle

/// What `run` and `drain` both build from their options: the PostgreSQL pools (services: the rows' pool, and the
/// shared rate budget's own), the store, and the worker talking to Dixa; and the service group they run in, with the
/// one signal handler and the shutdown limit.
struct WorkerWiring {
    let postgres: PostgresClient
    let rateBudget: RateBudgetStore?
    let connections: DixaConnections
    let store: OutboxStore
    let worker: ImportWorker
    let logger: Logger

    init(database: DatabaseOptions, dixa: DixaOptions, importer: ImporterConfiguration, logger: Logger) throws {
        let databaseConfiguration = try database.configuration()
        let configuration = try dixa.clientConfiguration()
        let budgetMode = try dixa.rateBudgetMode()
        var pool = databaseConfiguration
        pool.shapeForWorker(maximumConnections: PostgresClient.Configuration.workerConnections(concurrency: importer.concurrency))
        postgres = PostgresClient(configuration: pool, backgroundLogger: poolLogger(logger))
        // A statement unanswered for as long as a Dixa request may take means a connection gone silent.
        store = OutboxStore(client: postgres, logger: logger, statementTimeout: configuration.requestTimeout)
        rateBudget =
            budgetMode == .shared
            ? RateBudgetStore(
                configuration: databaseConfiguration,
                statementTimeout: configuration.requestTimeout,
                logger: logger,
                backgroundLogger: poolLogger(logger)
            ) : nil
        let pacer = dixa.pacer(budgetMode, budget: rateBudget, token: configuration.token)
        var importer = importer
        importer.defaultQueueID = try dixa.defaultQueueID()
        // Last, once nothing can throw: from here on, the connections must be closed by running them (see `run`).
        connections = DixaConnections(concurrency: importer.concurrency)
        let client = DixaClient(http: connections.http, configuration: configuration, logger: logger)
        let budget = RequestBudget(pacer: pacer, logger: logger)
        worker = ImportWorker(store: store, dixa: client, budget: budget, configuration: importer, logger: logger)
        self.logger = logger
    }

    /// Runs PostgreSQL and the Dixa connections first (so they shut down last), then `services`, until they end or a
    /// signal stops them.
    func run(_ services: [ServiceGroupConfiguration.ServiceConfiguration], signals: ShutdownSignals, shutdownLimit: Duration) async throws {
        let infrastructure: [ServiceGroupConfiguration.ServiceConfiguration] =
            [.init(service: postgres)] + (rateBudget.map { [.init(service: $0)] } ?? []) + [.init(service: connections)]
        var configuration = ServiceGroupConfiguration(services: infrastructure + services, logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownLimit
        let group = ServiceGroup(configuration: configuration)
        signals.attach(group)
        try await group.run()
    }
}
