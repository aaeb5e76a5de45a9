import Console
import DixaAPI
import Importer
import Logging
import Outbox
import PostgresNIO
import Prometheus
import ServiceLifecycle
import Webhooks

/// The service graph of `run` and `drain`, built from one `ImporterSettings`: the rows' PostgreSQL pool, the shared
/// rate budget's own pool, the Dixa connections, the store and the worker, and the listeners the settings ask for.
///
/// Building does no I/O; `run(_:signals:)` runs the graph in one `ServiceGroup`, infrastructure first so that it
/// shuts down last. The tests build the same graph in-process.
public struct ImporterServices: Sendable {
    /// What the group does: `run` lives until a graceful shutdown; `drain` imports what is due and ends.
    public enum Job: Sendable {
        case run
        /// Imports every due row, then the group shuts down. Stops claiming at `deadline`; `watch` runs beside the
        /// drain (given the rows due at its start) and is cancelled when it ends.
        case drain(until: ContinuousClock.Instant? = nil, watch: DrainWatch? = nil)
    }

    /// Something that follows a drain while it runs, such as a progress line.
    public typealias DrainWatch = @Sendable (_ dueAtStart: Int, _ worker: ImportWorker) async -> Void

    public let settings: ImporterSettings
    public let store: OutboxStore
    public let worker: ImportWorker
    let postgres: PostgresClient
    let rateBudget: RateBudgetStore?
    let connections: DixaConnections
    let metricsRegistry: PrometheusCollectorRegistry
    let logger: Logger

    /// - Parameter metricsRegistry: what `/metrics` shows; the executable bootstraps swift-metrics with it.
    public init(settings: ImporterSettings, metricsRegistry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger) {
        let importer = settings.importer
        var pool = settings.database.configuration
        pool.shapeForWorker(maximumConnections: PostgresClient.Configuration.workerConnections(concurrency: importer.concurrency))
        postgres = PostgresClient(configuration: pool, backgroundLogger: poolLogger(logger))
        // A statement unanswered for as long as a Dixa request may take means a connection gone silent.
        store = OutboxStore(client: postgres, logger: logger, statementTimeout: settings.dixa.requestTimeout)
        rateBudget =
            settings.dixa.rateBudget == .shared
            ? RateBudgetStore(
                configuration: settings.database.configuration,
                connections: RateBudgetStore.connections(concurrency: importer.concurrency),
                statementTimeout: settings.dixa.requestTimeout,
                logger: logger,
                backgroundLogger: poolLogger(logger)
            ) : nil
        connections = DixaConnections(concurrency: importer.concurrency)
        let tenants = StoredTenants(
            store: store,
            dixa: settings.dixa,
            secretsKey: settings.secretsKey,
            http: connections.http,
            rateBudget: rateBudget,
            logger: logger
        )
        worker = ImportWorker(store: store, tenants: tenants, configuration: importer, logger: logger)
        self.settings = settings
        self.metricsRegistry = metricsRegistry
        self.logger = logger
    }

    /// Runs `job` until it ends or a graceful shutdown (a signal, or the caller's) stops it, and returns what the
    /// worker did. Every service is run, so every connection is closed, whatever happens.
    @discardableResult
    public func run(_ job: Job, signals: ShutdownSignals? = nil) async throws -> WorkerSummary {
        let group = serviceGroup(job)
        if let signals {
            try await signals.run(group, logger: logger)
        } else {
            try await group.run()
        }
        return worker.summary
    }

    func serviceGroup(_ job: Job) -> ServiceGroup {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: postgres)]
        if let rateBudget { services.append(.init(service: rateBudget)) }
        services.append(.init(service: connections))
        switch job {
        case .run:
            services.append(
                .init(
                    service: OneShotService(name: "worker") { [store, worker, logger] in
                        try await requireMigrated(store, logger: logger)
                        try await worker.run()
                    }
                )
            )
            if let metrics = settings.metrics {
                services.append(.init(service: MetricsServer(listener: metrics, registry: metricsRegistry, worker: worker, logger: logger)))
            }
            if let webhooks = settings.webhooks {
                services.append(
                    .init(service: WebhookReceiver(configuration: webhooks.receiver(secretsKey: settings.secretsKey), store: store, logger: logger))
                )
            }
            if let console = settings.console {
                services.append(.init(service: ConsoleServer(settings: console, store: store, logger: logger)))
            }
        case .drain(let deadline, let watch):
            let drain = OneShotService(name: "drain") { [store, worker, logger] in
                try await requireMigrated(store, logger: logger)
                try await Self.drain(worker, store: store, until: deadline, watch: watch)
            }
            services.append(.init(service: drain, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        var configuration = ServiceGroupConfiguration(services: services, logger: logger)
        configuration.maximumGracefulShutdownDuration = settings.worker.groupShutdownLimit
        return ServiceGroup(configuration: configuration)
    }

    private static func drain(_ worker: ImportWorker, store: OutboxStore, until deadline: ContinuousClock.Instant?, watch: DrainWatch?) async throws {
        guard let watch else {
            try await worker.drain(until: deadline)
            return
        }
        let due = try await worker.dueCount()
        let watching = Task { await watch(due, worker) }
        do {
            try await worker.drain(until: deadline)
        } catch {
            watching.cancel()
            await watching.value
            throw error
        }
        watching.cancel()
        await watching.value
    }
}
