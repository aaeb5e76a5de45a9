import Foundation

/// How the worker claims and processes rows. Every field has a production default.
public struct ImporterConfiguration: Sendable {
    /// The bot user's agent id: the author of bot messages, the assignee and the closer.
    public var botAgentID: UUID
    /// Written into `lease_owner` and the attempt log; host and pid by default.
    public var workerName: String
    /// How long a claim holds a row before another worker may take it over. Longer than any request timeout.
    public var leaseDuration: Duration
    /// Rows processed at once.
    public var concurrency: Int
    /// Rows claimed at most per claim. Lanes of two batches are worked side by side, each claiming a batch as soon as
    /// one is free.
    public var batchSize: Int
    public var retry: RetryPolicy
    /// `run`: the longest sleep between claims when no NOTIFY arrives (the safety net).
    public var pollInterval: Duration
    /// `run`: how long a configuration halt waits before trying again.
    public var haltRecheckInterval: Duration
    /// How soon a row handed back by a rate limit is due again.
    public var rateLimitReleaseDelay: Duration
    /// On graceful shutdown, how long rows in flight may take to finish before they are cancelled and
    /// handed back (due at once, no attempt burned).
    public var shutdownGrace: Duration
    /// `run`: how long to wait at start for a probe NOTIFY before concluding notifications do not arrive.
    public var notifyProbeTimeout: Duration
    /// `drain`: how long the database may stay unreachable before drain gives up (`run` never does).
    public var databaseOutageLimit: Duration
    /// Where escalations go when their transcript names no `queueId` (`DIXA_QUEUE_ID`).
    public var defaultQueueID: UUID?
    /// While rows flow, how often reopen requests are looked for; each pass of the claim loop also looks at its start.
    public var reopenCheckInterval: Duration
    /// Transfers that may meet a 404 on the conversation just created (Dixa may lag) before the row is dead.
    public var transferNotFoundAttempts: Int
    /// How often the tenants are read again, so that tenants added, changed or disabled are picked up while running.
    public var tenantRefreshInterval: Duration
    /// How far ahead a claim books a tenant's budget: no more of its rows are claimed than its budget sends in this
    /// time, so a live row never waits behind more than this much backfill, and a busy budget blocks no other tenant.
    public var claimHorizon: Duration

    public init(
        botAgentID: UUID,
        workerName: String = ImporterConfiguration.defaultWorkerName,
        leaseDuration: Duration = .seconds(300),
        concurrency: Int = 4,
        batchSize: Int? = nil,
        retry: RetryPolicy = RetryPolicy(),
        pollInterval: Duration = .seconds(10),
        haltRecheckInterval: Duration = .seconds(60),
        rateLimitReleaseDelay: Duration = .seconds(5),
        shutdownGrace: Duration = .seconds(25),
        notifyProbeTimeout: Duration = .seconds(2),
        databaseOutageLimit: Duration = .seconds(300),
        defaultQueueID: UUID? = nil,
        transferNotFoundAttempts: Int = 3,
        reopenCheckInterval: Duration = .seconds(1),
        tenantRefreshInterval: Duration = .seconds(10),
        claimHorizon: Duration = .milliseconds(500)
    ) {
        self.botAgentID = botAgentID
        self.workerName = workerName
        self.leaseDuration = leaseDuration
        self.concurrency = max(1, concurrency)
        self.batchSize = min(self.concurrency, max(1, batchSize ?? Self.defaultBatchSize))
        self.retry = retry
        self.pollInterval = pollInterval
        self.haltRecheckInterval = haltRecheckInterval
        self.rateLimitReleaseDelay = rateLimitReleaseDelay
        self.shutdownGrace = shutdownGrace
        self.notifyProbeTimeout = notifyProbeTimeout
        self.databaseOutageLimit = databaseOutageLimit
        self.defaultQueueID = defaultQueueID
        self.transferNotFoundAttempts = max(1, transferNotFoundAttempts)
        self.reopenCheckInterval = reopenCheckInterval
        self.tenantRefreshInterval = tenantRefreshInterval
        self.claimHorizon = claimHorizon
    }

    /// Large enough that a batch's shared statements cost little per row, small enough that a busy worker claims
    /// again soon after some of its rows are done.
    public static let defaultBatchSize = 32

    /// `host:pid`, so that `lease_owner` tells which process holds a row.
    public static var defaultWorkerName: String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
