import Console
import Foundation
import Importer
import Secrets

/// Everything `run` and `drain` need, as one value that is valid once built: the database, the Dixa organisation, the
/// worker, and the optional webhook receiver and metrics listener. The executables parse flags and the environment
/// into the parts; the checks that span parts live here, so nothing that builds its worker through `ImporterServices`
/// (the CLI, `demo`, `ImporterServiceTests`) can break them. A worker built from an `ImporterConfiguration` directly,
/// as the bench and most tests build theirs, is not checked.
public struct ImporterSettings: Sendable {
    public let database: DatabaseSettings
    public let dixa: DixaSettings
    public let worker: WorkerSettings
    /// Serve the webhook receiver beside the worker (`run --webhooks-port`); nil: not served.
    public let webhooks: WebhookSettings?
    /// Serve `/metrics` and `/health` (`run --metrics-port`); nil: not served.
    public let metrics: ListenerSettings?
    /// Serve the operator console (`run --console-port`); nil: not served.
    public let console: ConsoleSettings?
    /// Opens stored tenants' tokens and webhook secrets (`DIXA_SECRETS_KEY_FILE`); nil: no key configured, and
    /// stored tenants cannot be worked.
    public let secretsKey: SecretsKey?

    public init(
        database: DatabaseSettings,
        dixa: DixaSettings,
        worker: WorkerSettings,
        webhooks: WebhookSettings? = nil,
        metrics: ListenerSettings? = nil,
        console: ConsoleSettings? = nil,
        secretsKey: SecretsKey? = nil
    ) throws(SettingsError) {
        // A lease must outlive a request that times out and the one retried after it, or a slow Dixa would let a
        // second worker take over a row whose import is still in flight.
        guard worker.lease > dixa.requestTimeout * 2 else {
            throw SettingsError(
                .inconsistent,
                "--lease (\(Self.seconds(worker.lease)) s) must be more than twice --request-timeout (\(Self.seconds(dixa.requestTimeout)) s)"
            )
        }
        if let webhooks, let metrics, webhooks.port == metrics.port {
            throw SettingsError(.inconsistent, "--metrics-port and --webhooks-port must differ (both are \(metrics.port))")
        }
        if let console {
            for (name, port) in [("--metrics-port", metrics?.port), ("--webhooks-port", webhooks?.port)] where port == console.port {
                throw SettingsError(.inconsistent, "--console-port and \(name) must differ (both are \(console.port))")
            }
        }
        self.database = database
        self.dixa = dixa
        self.worker = worker
        self.webhooks = webhooks
        self.metrics = metrics
        self.console = console
        self.secretsKey = secretsKey
    }

    /// The worker's configuration, derived from the parts.
    public var importer: ImporterConfiguration {
        ImporterConfiguration(
            // Only the default tenant's rows use it; without a default tenant, no row does.
            botAgentID: dixa.botAgentID ?? Self.noAgent,
            workerName: worker.workerName,
            leaseDuration: worker.lease,
            concurrency: worker.concurrency,
            retry: worker.retry,
            pollInterval: worker.pollInterval,
            haltRecheckInterval: worker.haltRecheck,
            shutdownGrace: worker.shutdownGrace,
            defaultQueueID: dixa.defaultTenant?.defaultQueueID
        )
    }

    private static let noAgent = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    private static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value))" : "\(value)"
    }
}
