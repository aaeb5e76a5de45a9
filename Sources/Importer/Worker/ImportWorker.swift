import DixaAPI
import Foundation
import Logging
import Outbox
import ServiceLifecycle
import Synchronization

/// Claims due outbox rows in batches and imports each into its tenant's Dixa organisation.
///
/// - `drain()` imports every due row and returns. A tenant that halts on a configuration problem is left out of the
///   claims from then on; the other tenants' rows are all imported.
/// - `run()` (the `Service`) lives until graceful shutdown: it wakes on NOTIFY, polls as a safety net,
///   and tries a halted tenant again every `haltRecheckInterval`.
///
/// On graceful shutdown it stops claiming and lets the rows in flight finish.
public final class ImportWorker: Service, Sendable {
    let store: OutboxStore
    let roster: TenantRoster
    let reopenRequests: ReopenRequestProcessor?
    let recorder: OutcomeRecorder
    let configuration: ImporterConfiguration
    let logger: Logger
    private let leases: LeaseKeeper
    private let wake = WakeSignal()
    /// Which tenants each claim offers, and how many rows of each (fairness across tenants).
    private let planner: Mutex<ClaimPlanner>
    /// When reopen requests were last looked for; nil makes the next batch look.
    private let reopenRequestsCheckedAt = Mutex<ContinuousClock.Instant?>(nil)

    /// The importer for the tenants `tenants` names, read again every `tenantRefreshInterval`: each row goes to its
    /// tenant's organisation (`RowProcessor`), and reopen requests are handled between batches.
    public convenience init(store: OutboxStore, tenants: any TenantSource, configuration: ImporterConfiguration, logger: Logger) {
        let roster = TenantRoster(source: tenants, store: store, configuration: configuration, logger: logger)
        self.init(store: store, roster: roster, handlesReopenRequests: true, configuration: configuration, logger: logger)
    }

    /// The importer for the default tenant alone: rows go to Dixa through `dixa`, every request spent from `budget`,
    /// with the configuration's bot agent and default queue.
    public convenience init(store: OutboxStore, dixa: DixaClient, budget: RequestBudget, configuration: ImporterConfiguration, logger: Logger) {
        let tenant = Tenant(
            name: Tenants.defaultName,
            dixa: dixa,
            budget: budget,
            botAgentID: configuration.botAgentID,
            defaultQueueID: configuration.defaultQueueID
        )
        self.init(store: store, tenants: FixedTenants([tenant]), configuration: configuration, logger: logger)
    }

    /// A worker whose rows (the default tenant's) `handler` decides; it handles no reopen requests. `dixa-bench`
    /// measures the queue with one.
    public convenience init(store: OutboxStore, handler: any RowHandler, configuration: ImporterConfiguration, logger: Logger) {
        let roster = TenantRoster(sharedHandler: handler, store: store, configuration: configuration, logger: logger)
        self.init(store: store, roster: roster, handlesReopenRequests: false, configuration: configuration, logger: logger)
    }

    private init(store: OutboxStore, roster: TenantRoster, handlesReopenRequests: Bool, configuration: ImporterConfiguration, logger: Logger) {
        self.store = store
        self.roster = roster
        self.reopenRequests =
            handlesReopenRequests ? ReopenRequestProcessor(store: store, roster: roster, configuration: configuration, logger: logger) : nil
        self.recorder = OutcomeRecorder(store: store, roster: roster, configuration: configuration, logger: logger)
        self.configuration = configuration
        self.logger = logger
        self.leases = LeaseKeeper(store: store, leaseDuration: configuration.leaseDuration, logger: logger)
        self.planner = Mutex(ClaimPlanner(horizon: configuration.claimHorizon))
    }

    /// What the worker has done so far.
    public var summary: WorkerSummary { recorder.summary }

    /// The tenants this worker imports for, halted or not.
    public var tenants: [String] { roster.names }

    /// How many rows of the tenants it may work now are due: `drain`'s progress total. Reads the tenants first.
    public func dueCount() async throws -> Int {
        try await roster.refresh()
        return try await store.dueCount(tenants: roster.claimable)
    }

    /// True while every tenant it knows is stopped on a configuration problem (or cannot be worked): nothing can be
    /// imported, and `/health` fails.
    public var isHalted: Bool {
        let halts = roster.halts
        return !halts.isEmpty && roster.names.allSatisfy { halts[$0] != nil }
    }

    /// Imports every due row, then returns: a tenant that halts on a configuration problem is left out from then on
    /// (the summary's `halts` names it), and the other tenants' rows are all imported. Returns early when `deadline`
    /// passes (rows in flight finish first).
    @discardableResult
    public func drain(until deadline: ContinuousClock.Instant? = nil) async throws -> WorkerSummary {
        var outage: DatabaseOutage?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if let deadline, ContinuousClock.now >= deadline { break }
            do {
                try await roster.refresh()
                // Each pass looks through every tenant again: rows may have fallen due anywhere since the last.
                planner.withLock { $0.wake() }
                let processed = try await processWhileDue(until: deadline)
                outage = nil
                if processed == 0 { break }
            } catch {
                // The database restarted or the connection dropped: back off and carry on, up to a limit.
                var current = outage ?? DatabaseOutage(limit: configuration.databaseOutageLimit)
                guard let wait = current.nextWait() else { throw error }
                outage = current
                logger.error("database unavailable; retrying", metadata: ["error": "\(String(reflecting: error).prefix(300))", "in": "\(wait)"])
                try await Task.sleep(for: wait)
            }
        }
        return summary
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        logger.info("worker started", metadata: ["worker": "\(configuration.workerName)", "concurrency": "\(configuration.concurrency)"])
        await withDiscardingTaskGroup { group in
            group.addTask {
                await InsertListener(store: self.store, configuration: self.configuration, logger: self.logger).run { payload in
                    // 'tenants:a,b' names the tenants an INSERT added rows for: they are offered first.
                    let names = payload.hasPrefix("tenants:") ? payload.dropFirst("tenants:".count).split(separator: ",").map(String.init) : nil
                    self.planner.withLock { $0.wake(names) }
                    self.wake.signal()
                }
            }
            group.addTask { await self.refreshBacklogGauges() }
            await withGracefulShutdownHandler {
                await self.claimLoop()
            } onGracefulShutdown: {
                self.wake.signal()
            }
            group.cancelAll()
        }
        logger.info("worker stopped", metadata: ["imported": "\(summary.imported)", "dead": "\(summary.dead)"])
    }

    private func claimLoop() async {
        var outage: DatabaseOutage?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                // A halted tenant is left out of the claims for the recheck interval (INSERTs keep notifying, but
                // its rows would only meet the same problem), then tried again.
                for halt in roster.endExpiredHalts() { WorkerMetrics.halted(tenant: halt.tenant, false) }
                try await roster.refresh()
                let processed = try await processWhileDue(until: nil)
                outage = nil
                if processed == 0, await !wake.wait(timeout: try await idleTimeout()) {
                    // A poll, not a NOTIFY: rows may have fallen due in any tenant.
                    planner.withLock { $0.wake() }
                }
            } catch {
                // `run` never gives up on the database; it keeps backing off, `DatabaseOutage.longestWait` at most.
                var current = outage ?? DatabaseOutage(limit: nil)
                let wait = current.nextWait() ?? DatabaseOutage.longestWait
                outage = current
                logger.error("database unavailable; retrying", metadata: ["error": "\(String(reflecting: error).prefix(300))", "in": "\(wait)"])
                // The LISTEN connection coming back (it wakes the loop when it subscribes) ends the wait early.
                await wake.wait(timeout: wait)
            }
        }
    }

    /// Keeps the backlog gauges current from SQL every 15 seconds while `run` runs, for every tenant: one whose rows
    /// were all imported reads 0, not its last backlog.
    private func refreshBacklogGauges() async {
        var reported: Set<String> = []
        while !Task.isCancelled {
            if let backlogs = try? await store.backlog() {
                let current = Set(backlogs.map(\.tenant)).union(roster.names)
                for tenant in reported.union(current) {
                    let backlog = backlogs.first { $0.tenant == tenant }
                    WorkerMetrics.backlog(tenant: tenant, due: backlog?.due ?? 0, oldestDueAge: backlog?.oldestDueAge ?? 0)
                }
                reported = current
            }
            try? await Task.sleep(for: .seconds(15))
        }
    }

    /// How long to sleep when nothing was claimed (`IdleWait`): the poll interval, or less when a retry falls due
    /// sooner, the tenants are read again, or a halted tenant may be tried again.
    private func idleTimeout() async throws -> Duration {
        let tenants = roster.claimablePaced
        let next = try await store.nextDue(tenants: tenants.map(\.name))
        return IdleWait.duration(
            poll: min(configuration.pollInterval, configuration.tenantRefreshInterval),
            untilRecheck: roster.untilNextRecheck(),
            untilNextDue: next.map { .milliseconds(Int64(($0.timeIntervalSinceNow * 1000).rounded(.up))) },
            tenants: tenants
        )
    }

    /// Claims and works rows, up to `configuration.concurrency` at once, until a claim finds no due row (or a halt, a
    /// shutdown or `deadline` stops it). Returns how many rows (and reopen requests) were processed.
    ///
    /// The rows in flight are split into lanes of two batches each (a batch is at most `batchSize`), so several claims
    /// run side by side when the concurrency is larger. A lane claims a batch again as soon as a batch of its rows is
    /// written back, not when all of them are: one slow row (a request timeout, a 429 wait, a tenant's budget booked
    /// ahead) holds its own slot only, and the other tenants' budgets stay busy.
    ///
    /// After a graceful shutdown begins no row is claimed; rows still in flight when `shutdownGrace` runs out are
    /// cancelled, and each hands its row back at once, due now and with its attempt undone. A claim that fails (the
    /// database is away) stops that lane's claims; its rows in flight finish, then the error is thrown (the other lanes
    /// finish their rows rather than being cancelled, which would hand them back, and most likely meet the same error
    /// at their next claim).
    func processWhileDue(until deadline: ContinuousClock.Instant?) async throws -> Int {
        reopenRequestsCheckedAt.withLock { $0 = nil }
        // Both are settable after init, so a batch may say more than the concurrency.
        let batch = max(1, min(configuration.batchSize, configuration.concurrency))
        // Two batches a lane: it claims a whole batch as soon as one is free, so claims stay full-sized.
        let laneSlots = min(configuration.concurrency, 2 * batch)
        let lanes = (configuration.concurrency + laneSlots - 1) / laneSlots
        guard lanes > 1 else { return try await workLane(slots: configuration.concurrency, batch: batch, until: deadline) }
        let (total, firstError) = await withTaskGroup(of: Result<Int, any Error>.self) { group in
            for lane in 0..<lanes {
                let slots = min(laneSlots, configuration.concurrency - lane * laneSlots)
                group.addTask {
                    do { return .success(try await self.workLane(slots: slots, batch: batch, until: deadline)) } catch { return .failure(error) }
                }
            }
            var total = 0
            var firstError: (any Error)?
            for await result in group {
                switch result {
                case .success(let processed): total += processed
                case .failure(let error): firstError = firstError ?? error
                }
            }
            return (total, firstError)
        }
        if let firstError { throw firstError }
        return total
    }

    /// One lane: keeps up to `slots` rows in flight, claiming at most `batch` at a time whenever a batch (or half the
    /// slots, if fewer) is free, until no tenant may still have due rows and its rows are all written back.
    private func workLane(slots: Int, batch: Int, until deadline: ContinuousClock.Instant?) async throws -> Int {
        let refill = max(1, min(batch, slots / 2))
        return try await withThrowingTaskGroup(of: SlotEvent.self) { group in
            group.addTask { await self.waitForShutdownGrace() ? .graceExpired : .watchdogStopped }
            var (processed, inFlight) = (0, 0)
            var exhausted = false
            var failure: (any Error)?
            while true {
                let stopping =
                    Task.isShuttingDownGracefully || Task.isCancelled || failure != nil || deadline.map { ContinuousClock.now >= $0 } == true
                let free = slots - inFlight
                if !stopping, !exhausted, free >= refill {
                    do {
                        let (rows, reopened) = try await claimBatch(limit: min(batch, free))
                        processed += rows.count + reopened
                        if !rows.isEmpty {
                            // Prepared beside the claims, not before the next: the claim loop is the one path every row
                            // takes.
                            let preparation = Task { await self.prepare(rows) }
                            for row in rows {
                                group.addTask {
                                    let prepared = await preparation.value
                                    await self.process(row, prepared: prepared[row.lease.rowID])
                                    return .rowFinished
                                }
                            }
                            inFlight += rows.count
                            continue
                        }
                        // A claim that found nothing ends the claims once no tenant is left that may still have due
                        // rows; a row written back may give its tenant room again.
                        if reopened == 0, !planner.withLock({ $0.mayHaveDueRows(roster.claimablePaced, batch: slots) }) {
                            exhausted = true
                        }
                        if inFlight == 0 && !exhausted { continue }
                    } catch {
                        failure = error
                    }
                }
                if inFlight == 0 { break }
                switch try await group.next() {
                case .rowFinished:
                    inFlight -= 1
                    if exhausted, planner.withLock({ $0.mayHaveDueRows(roster.claimablePaced, batch: slots) }) {
                        exhausted = false
                    }
                case .graceExpired:
                    logger.warning("shutdown grace period is over; handing back the rows still in flight", metadata: ["rows": "\(inFlight)"])
                    group.cancelAll()
                case .watchdogStopped, nil:
                    break
                }
            }
            // Stops the shutdown watchdog.
            group.cancelAll()
            if let failure { throw failure }
            return processed
        }
    }

    /// Claims one batch of at most `limit` rows and counts it, after looking for reopen requests when they are due.
    /// Returns the rows and how many reopen requests were handled.
    private func claimBatch(limit: Int) async throws -> (rows: [ClaimedRow], reopened: Int) {
        var reopened = 0
        if let reopenRequests, reopenRequestsAreDue() { reopened = try await reopenRequests.processDue() }
        let rows = try await claim(limit: limit)
        guard !rows.isEmpty else { return (rows, reopened) }
        recorder.claimed(rows.count)
        for (tenant, claimed) in Dictionary(grouping: rows, by: \.tenant) {
            WorkerMetrics.claimed(claimed.count, tenant: tenant)
            let reclaimed = claimed.filter(\.reclaimed).count
            if reclaimed > 0 {
                WorkerMetrics.reclaimed(reclaimed, tenant: tenant)
                logger.notice("took over rows whose lease had expired", metadata: ["rows": "\(reclaimed)", "tenant": "\(tenant)"])
            }
        }
        return (rows, reopened)
    }

    /// Step 3: claims a batch under a lease token of its own. When the claim's answer is lost with the connection, the claim
    /// may have committed, leaving rows leased to this worker that it never saw: they are handed back by that token
    /// as soon as the database answers, rather than after their lease.
    private func claim(limit: Int) async throws -> [ClaimedRow] {
        let tenants = roster.claimablePaced
        let offers = planner.withLock { $0.plan(tenants, batch: limit) }
        guard !offers.isEmpty else { return [] }
        let token = UUID()
        do {
            let rows = try await store.claim(
                limit: limit,
                worker: configuration.workerName,
                lease: configuration.leaseDuration,
                token: token,
                offers: offers
            )
            planner.withLock { $0.claimed(offers, rows: Dictionary(grouping: rows, by: \.tenant).mapValues(\.count)) }
            return rows
        } catch {
            planner.withLock { $0.abandoned(offers) }
            guard OutboxError.isConnectionLoss(error) else { throw error }
            do {
                let handedBack = try await retryingWhileDatabaseIsAway(
                    for: configuration.leaseDuration,
                    "handing back a claim whose answer was lost",
                    logger: logger
                ) {
                    try await store.releaseClaim(token: token, worker: configuration.workerName)
                }
                if handedBack > 0 { logger.notice("handed back the rows of a claim whose answer was lost", metadata: ["rows": "\(handedBack)"]) }
            } catch {
                logger.warning(
                    "could not hand back a claim whose answer was lost; its rows return when their lease expires",
                    metadata: ["error": "\(String(reflecting: error).prefix(200))"]
                )
            }
            throw error
        }
    }

    /// Reopen requests are few, so they are looked for by the first batch of each pass (a NOTIFY or a poll starts
    /// one) and then at most once every `reopenCheckInterval` while rows flow, not by every batch: at small batch
    /// sizes that statement was one in four of the worker's.
    private func reopenRequestsAreDue() -> Bool {
        let now = ContinuousClock.now
        return reopenRequestsCheckedAt.withLock { checkedAt in
            if let checkedAt, now - checkedAt < configuration.reopenCheckInterval { return false }
            checkedAt = now
            return true
        }
    }

    private enum SlotEvent {
        case rowFinished
        case graceExpired
        case watchdogStopped
    }

    /// Returns true once a graceful shutdown has lasted `shutdownGrace`; false when cancelled first.
    private func waitForShutdownGrace() async -> Bool {
        do {
            try await gracefulShutdown()
            try await Task.sleep(for: configuration.shutdownGrace)
            return true
        } catch {
            return false
        }
    }

    /// The batch's shared statements (step 4), once for all its tenants; nothing for a halted tenant, whose rows are
    /// not worked.
    private func prepare(_ rows: [ClaimedRow]) async -> [Int64: PreparedRow] {
        let parts = Dictionary(grouping: rows, by: \.tenant).compactMap { tenant, rows -> BatchPreparation? in
            guard roster.halt(of: tenant) == nil, let handler = roster.handler(for: tenant) else { return nil }
            return handler.preparation(of: rows)
        }
        return await BatchPreparer(store: store, logger: logger).prepare(parts)
    }

    /// Steps 5 to 13: the row's decision, raced by its lease renewals, then the write-back.
    private func process(_ row: ClaimedRow, prepared: PreparedRow?) async {
        let startedAt = Date()
        let counter = DixaCallCounter()
        let decision: RowDecision
        if let halt = roster.halt(of: row.tenant) {
            decision = .release(code: .configuration, message: halt.description, after: .zero)
        } else if let handler = roster.handler(for: row.tenant) {
            decision = await withTaskGroup(of: RowDecision?.self) { group in
                group.addTask { await DixaCallCounter.$current.withValue(counter) { await handler.decide(row, prepared: prepared) } }
                group.addTask { await self.leases.keepAlive(row.lease) }
                // The first non-nil answer wins: the decision, or `.leaseLost` from the renewal.
                var decision = RowDecision.leaseLost
                for await answer in group {
                    if let answer {
                        decision = answer
                        break
                    }
                }
                group.cancelAll()
                return decision
            }
        } else {
            // Disabled or removed between the claim and now: its rows wait until it is back.
            decision = .release(
                code: .configuration,
                message: "tenant \(row.tenant) is not being worked (disabled, removed, or not configured)",
                after: configuration.haltRecheckInterval
            )
        }
        // Written from a task of its own: a shutdown cancels this one, and the hand-back must still land.
        let write = Task {
            await self.recorder.record(decision, for: row, startedAt: startedAt, calls: counter.value, rateLimited: counter.rateLimited)
        }
        await write.value
        planner.withLock { $0.finished(row.tenant) }
    }
}
