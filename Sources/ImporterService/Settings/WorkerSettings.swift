import Foundation
import Importer

/// How the worker claims, retries and stops, as an operator sets it; `ImporterSettings` turns it into the worker's
/// `ImporterConfiguration` once the Dixa settings are known.
public struct WorkerSettings: Sendable {
    public let concurrency: Int
    public let lease: Duration
    public let retry: RetryPolicy
    public let shutdownGrace: Duration
    /// `run`: the longest sleep between claims when no NOTIFY arrives.
    public let pollInterval: Duration
    /// `run`: how long a configuration halt waits before trying again.
    public let haltRecheck: Duration
    /// Written into `lease_owner` and the attempt log.
    public let workerName: String

    public init(
        concurrency: Int = 4,
        lease: Duration = .seconds(300),
        retryBase: Duration = .seconds(10),
        retryMax: Duration = .seconds(3600),
        maxAttempts: Int? = nil,
        shutdownGrace: Duration = .seconds(25),
        pollInterval: Duration = .seconds(10),
        haltRecheck: Duration = .seconds(60),
        workerName: String = ImporterConfiguration.defaultWorkerName
    ) throws(SettingsError) {
        guard concurrency >= 1 else { throw SettingsError(.invalid, "--concurrency must be at least 1") }
        guard lease > .zero else { throw SettingsError(.invalid, "--lease must be positive") }
        guard retryBase > .zero, retryMax >= retryBase else {
            throw SettingsError(.invalid, "--retry-base must be positive and --retry-max at least --retry-base")
        }
        if let maxAttempts, maxAttempts < 1 { throw SettingsError(.invalid, "--max-attempts must be at least 1") }
        guard shutdownGrace >= .zero else { throw SettingsError(.invalid, "--shutdown-grace must not be negative") }
        guard pollInterval > .zero, haltRecheck > .zero else {
            throw SettingsError(.invalid, "--poll-interval and --halt-recheck must be positive")
        }
        self.concurrency = concurrency
        self.lease = lease
        self.retry = RetryPolicy(base: retryBase, maximum: retryMax, maxAttempts: maxAttempts)
        self.shutdownGrace = shutdownGrace
        self.pollInterval = pollInterval
        self.haltRecheck = haltRecheck
        self.workerName = workerName
    }

    /// The service group's own limit on a graceful shutdown: the grace period, then time to hand rows back.
    public var groupShutdownLimit: Duration { shutdownGrace + .seconds(15) }
}
