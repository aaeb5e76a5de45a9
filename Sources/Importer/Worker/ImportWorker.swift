import DixaAPI
import Foundation
import Logging
import Outbox
import ServiceLifecycle
import Synchronization

/// Claims due outbox rows in batches and imports them into Dixa.
///
/// - `drain()` imports every due row and returns; it stops early on a configuration halt.
/// - `run()` (the `Service`) lives until graceful shutdown: it wakes on NOTIFY, polls as a safety net,
///   and after a configuration halt tries again every `haltRecheckInterval`.
///
/// On graceful shutdown it stops claiming and lets the rows in flight finish.
public final class ImportWorker: Service, Sendable {
    let store: OutboxStore
    let handler: any RowHandler
    let reopenRequests: ReopenRequestProcessor?
    let recorder: OutcomeRecorder
    let configuration: ImporterConfiguration
    let logger: Logger
    private let leases: LeaseKeeper
    private let wake = WakeSignal()
    /// When reopen requests were last looked for; nil makes the next batch look.
    private let reopenRequestsCheckedAt = Mutex<ContinuousClock.Instant?>(nil)

    /// The importer: rows go to Dixa (`RowProcessor`), and reopen requests are handled between batches. Every Dixa
    /// request is spent from `budget`.
    public convenience init(store: OutboxStore, dixa: DixaClient, budget: RequestBudget, configuration: ImporterConfiguration, logger: Logger) {
        self.init(
            store: store,
            handler: RowProcessor(store: store, dixa: dixa, budget: budget, configuration: configuration, logger: logger),
            reopenRequests: ReopenRequestProcessor(store: store, dixa: dixa, budget: budget, configuration: configuration, logger: logger),
            configuration: configuration,
            logger: logger
        )
    }

    /// A worker whose rows `handler` decides; it handles no reopen requests. `dixa-bench` measures the queue with one.
    public convenience init(store: OutboxStore, handler: any RowHandler, configuration: ImporterConfiguration, logger: Logger) {
        self.init(store: store, handler: handler, reopenRequests: nil, configuration: configuration, logger: logger)
    }

    init(
        store: OutboxStore,
        handler: any RowHandler,
        reopenRequests: ReopenRequestProcessor?,
        configuration: ImporterConfiguration,
        logger: Logger
    ) {
        self.store = store
        self.handler = handler
        self.reopenRequests = reopenRequests
        self.recorder = OutcomeRecorder(store: store, configuration: configuration, logger: logger)
        self.configuration = configuration
        self.logger = logger
        self.leases = LeaseKeeper(store: store, leaseDuration: configuration.leaseDuration, logger: logger)
    }

    /// What the worker has done so far.
    public var summary: WorkerSummary { recorder.summary }

    /// True while stopped on a configuration problem; `/health` fails then.
    public var isHalted: Bool { recorder.halt != nil }

    /// Imports every due row, then returns. Returns early, with `halt` set, on a configuration problem,
    /// and when `deadline` passes (rows in flight finish first).
    @discardableResult
    public func drain(until deadline: ContinuousClock.Instant? = nil) async throws -> WorkerSummary {
        var outage: DatabaseOutage?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if let deadline, ContinuousClock.now >= deadline { break }
            do {
                let processed = try await processWhileDue(until: deadline)
                outage = nil
                if recorder.halt != nil || processed == 0 { break }
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
                await InsertListener(store: self.store, configuration: self.configuration, logger: self.logger).run { self.wake.signal() }
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
                let processed = try await processWhileDue(until: nil)
                outage = nil
                if let halt = recorder.halt {
                    // A halt lasts the whole recheck interval: INSERTs keep notifying, but each would only meet
                    // the same configuration problem. Only a shutdown ends it early.
                    let until = ContinuousClock.now + configuration.haltRecheckInterval
                    while ContinuousClock.now < until, !Task.isShuttingDownGracefully, !Task.isCancelled {
                        await wake.wait(timeout: until - ContinuousClock.now)
                    }
                    recorder.clearHalt()
                    logger.info("retrying after the configuration halt", metadata: ["cause": "\(halt.cause)"])
                } else if processed == 0 {
                    await wake.wait(timeout: try await idleTimeout())
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

    /// Keeps the backlog gauges current from SQL every 15 seconds while `run` runs.
    private func refreshBacklogGauges() async {
        while !Task.isCancelled {
            if let backlog = try? await store.backlog() {
                WorkerMetrics.backlog(due: backlog.due, oldestDueAge: backlog.oldestDueAge)
            }
            try? await Task.sleep(for: .seconds(15))
        }
    }

    /// The poll interval, or less when a retry falls due sooner.
    private func idleTimeout() async throws -> Duration {
        guard let next = try await store.nextDue() else { return configuration.pollInterval }
        let untilDue = Duration.milliseconds(Int64(max(0, next.timeIntervalSinceNow) * 1000) + 5)
        return min(untilDue, configuration.pollInterval)
    }

    /// Claims and works batches, `configuration.lanes` of them side by side, until none finds a due row (or a halt,
    /// a shutdown or `deadline` stops it). Returns how many rows (and reopen requests) were processed.
    func processWhileDue(until deadline: ContinuousClock.Instant?) async throws -> Int {
        reopenRequestsCheckedAt.withLock { $0 = nil }
        guard configuration.lanes > 1 else { return try await claimWhileDue(until: deadline) }
        // A lane that meets an error stops alone: the others finish their batches rather than being cancelled (which
        // would hand their rows back), and most likely meet the same error at their next claim.
        let (total, firstError) = await withTaskGroup(of: Result<Int, any Error>.self) { group in
            for _ in 0..<configuration.lanes {
                group.addTask {
                    do { return .success(try await self.claimWhileDue(until: deadline)) } catch { return .failure(error) }
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

    private func claimWhileDue(until deadline: ContinuousClock.Instant?) async throws -> Int {
        var total = 0
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if let deadline, ContinuousClock.now >= deadline { break }
            let processed = try await claimAndProcessBatch()
            total += processed
            if recorder.halt != nil || processed == 0 { break }
        }
        return total
    }

    /// Claims one batch of at most `batchSize` rows and processes it, every row at once. Returns how many it claimed.
    ///
    /// After a graceful shutdown begins, rows still in flight when `shutdownGrace` runs out are cancelled;
    /// each hands its row back at once, due now and with its attempt undone.
    func claimAndProcessBatch() async throws -> Int {
        var reopened = 0
        if let reopenRequests, recorder.halt == nil, reopenRequestsAreDue() { reopened = try await reopenRequests.processDue() }
        let rows = try await claim()
        guard !rows.isEmpty else { return reopened }
        recorder.claimed(rows.count)
        WorkerMetrics.claimed(rows.count)
        let reclaimed = rows.filter(\.reclaimed).count
        if reclaimed > 0 {
            WorkerMetrics.reclaimed(reclaimed)
            logger.notice("took over rows whose lease had expired", metadata: ["rows": "\(reclaimed)"])
        }
        let prepared = await prepare(rows)
        await withTaskGroup(of: BatchEvent.self) { group in
            for row in rows {
                group.addTask {
                    await self.process(row, prepared: prepared[row.lease.rowID])
                    return .rowFinished
                }
            }
            group.addTask { await self.waitForShutdownGrace() ? .graceExpired : .watchdogStopped }
            var finished = 0
            for await event in group {
                switch event {
                case .rowFinished:
                    finished += 1
                    if finished == rows.count { group.cancelAll() }
                case .graceExpired:
                    logger.warning(
                        "shutdown grace period is over; handing back the rows still in flight",
                        metadata: ["rows": "\(rows.count - finished)"]
                    )
                    group.cancelAll()
                case .watchdogStopped:
                    break
                }
            }
        }
        return rows.count + reopened
    }

    /// Step 3: claims a batch under a lease token of its own. When the claim's answer is lost with the connection, the claim
    /// may have committed, leaving rows leased to this worker that it never saw: they are handed back by that token
    /// as soon as the database answers, rather than after their lease.
    private func claim() async throws -> [ClaimedRow] {
        let token = UUID()
        do {
            return try await store.claim(
                limit: configuration.batchSize,
                worker: configuration.workerName,
                lease: configuration.leaseDuration,
                token: token
            )
        } catch  where OutboxError.isConnectionLoss(error) {
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

    private enum BatchEvent {
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

    /// The batch's shared statements (step 4); nothing while halted, since no row is worked then.
    private func prepare(_ rows: [ClaimedRow]) async -> [Int64: PreparedRow] {
        if recorder.halt != nil { return [:] }
        return await handler.prepare(rows)
    }

    /// Steps 5 to 13: the row's decision, raced by its lease renewals, then the write-back.
    private func process(_ row: ClaimedRow, prepared: PreparedRow?) async {
        let startedAt = Date()
        let counter = DixaCallCounter()
        let decision: RowDecision
        if let halt = recorder.halt {
            decision = .release(code: .configuration, message: halt.description, after: .zero)
        } else {
            decision = await withTaskGroup(of: RowDecision?.self) { group in
                group.addTask { await DixaCallCounter.$current.withValue(counter) { await self.handler.decide(row, prepared: prepared) } }
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
        }
        // Written from a task of its own: a shutdown cancels this one, and the hand-back must still land.
        let write = Task { await self.recorder.record(decision, for: row, startedAt: startedAt, calls: counter.value) }
        await write.value
    }
}
